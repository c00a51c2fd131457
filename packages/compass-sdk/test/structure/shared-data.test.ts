/** Every structure under the shared data folder parses, pockets cut and graphs build; counts checked independently. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import {
  extractPocket,
  featurise,
  parseLigands,
  parseMol2,
  parsePdb,
  parseSdf,
  radiusGraph,
} from '../../src/structure/index.js';

const have = sharedDataAvailable();
const D = sharedDataDir();

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe.skipIf(!have)('shared data', () => {
  const files = have ? walk(D) : [];

  it('parses every PDB file with atoms and no error diagnostics', () => {
    const pdbs = files.filter((f) => f.endsWith('.pdb'));
    // 128 structure files, plus gign-reference/toyset: 50 PyMOL pockets and 50 Open Babel ligand PDBs.
    expect(pdbs.length).toBe(228);
    expect(pdbs.filter((f) => f.includes('gign-reference')).length).toBe(100);
    for (const f of pdbs) {
      const s = parsePdb(readFileSync(f), { source: f });
      expect(s.atoms.count, f).toBeGreaterThan(0);
      expect(
        s.diagnostics.filter((d) => d.severity === 'error'),
        f,
      ).toEqual([]);
      expect(s.atoms.coords.every(Number.isFinite), f).toBe(true);
    }
  });

  it('parses every SDF and MOL2 record, skipping none', () => {
    let records = 0;
    for (const f of files.filter((x) => x.endsWith('.sdf') || x.endsWith('.mol2'))) {
      const l = parseLigands(readFileSync(f), { source: f });
      expect(
        l.diagnostics.filter((d) => d.severity === 'error'),
        f,
      ).toEqual([]);
      expect(l.records.length, f).toBe(l.recordCount);
      for (const r of l.records) expect(r.atoms.count, `${f} ${r.name}`).toBeGreaterThan(0);
      records += l.records.length;
    }
    expect(records).toBeGreaterThan(800);
  });

  it('matches atom counts taken by an independent line count', () => {
    // receptor1.pdb: count ATOM/HETATM lines of the first model without alternate locations.
    const f = join(D, 'flashdock-examples/Batch_Docking/receptor1.pdb');
    const lines = readFileSync(f, 'utf8').split('\n');
    const atomLines = lines.filter((l) => /^(ATOM {2}|HETATM)/.test(l));
    const altExtra = atomLines.filter((l) => l[16] !== ' ' && l[16] !== 'A').length;
    const s = parsePdb(readFileSync(f));
    expect(s.atoms.count).toBe(atomLines.length - altExtra);
    expect(s.atoms.count).toBe(5768);
    expect(s.residues.count).toBe(554);
    // 1a61 ligand: the MOL2 counts line and the SDF counts line agree with the parsed tables.
    const mol2 = parseMol2(readFileSync(join(D, 'gign-toyset/complexes/1a61/1a61_ligand.mol2'))).records[0]!;
    const sdf = parseSdf(readFileSync(join(D, 'gign-toyset/complexes/1a61/1a61_ligand.sdf'))).records[0]!;
    expect([mol2.atoms.count, mol2.bonds.count]).toEqual([73, 76]);
    expect([sdf.atoms.count, sdf.bonds.count]).toEqual([73, 76]);
    expect(Array.from(sdf.atoms.coords.slice(0, 3))).toEqual(Array.from(mol2.atoms.coords.slice(0, 3)));
  });

  it('cuts a pocket and builds a graph for every gign-toyset complex', () => {
    const dir = join(D, 'gign-toyset/complexes');
    const codes = readdirSync(dir);
    expect(codes.length).toBe(50);
    for (const code of codes) {
      const p = parsePdb(readFileSync(join(dir, code, `${code}_pocket.pdb`)), { source: code });
      const l = parseSdf(readFileSync(join(dir, code, `${code}_ligand.sdf`))).records[0]!;
      const c = extractPocket(p, l, { radius: 6, removeHydrogens: true });
      const f = featurise(c);
      const g = radiusGraph(f.positions, { cutoff: 5 });
      expect(c.protein.atoms.count, code).toBeGreaterThan(0);
      expect(g.numEdges, code).toBeGreaterThan(0);
      for (let e = 0; e < g.numEdges; e++) if (g.src[e] === g.dst[e]) throw new Error(`self-loop in ${code}`);
    }
  });

  it('cuts a pocket for each FLASH-DOCK docked pose, every FEP ligand and every OpenFF ligand', () => {
    let n = 0;
    for (let r = 1; r <= 4; r++) {
      const p = parsePdb(readFileSync(join(D, `flashdock-examples/Batch_Docking_Result/receptor${r}.pdb`)));
      for (let k = 1; k <= 4; k++) {
        for (const rec of parseSdf(
          readFileSync(join(D, `flashdock-examples/Batch_Docking_Result/receptor${r}_ligand${k}_docked.sdf`)),
        ).records) {
          expect(extractPocket(p, rec).protein.residues.count).toBeGreaterThan(0);
          n++;
        }
      }
    }
    const pairs: [string, string][] = [];
    for (const sub of readdirSync(join(D, 'schrodinger-fep')).filter((s) => !s.includes('.'))) {
      for (const f of readdirSync(join(D, 'schrodinger-fep', sub)).filter((x) => x.endsWith('_protein.pdb')))
        pairs.push([
          join(D, 'schrodinger-fep', sub, f),
          join(D, 'schrodinger-fep', sub, f.replace('_protein.pdb', '_ligands.sdf')),
        ]);
    }
    const fepSystems = pairs.length;
    for (const t of readdirSync(join(D, 'openff-plb')).filter((s) => !s.includes('.')))
      pairs.push([join(D, 'openff-plb', t, 'protein.pdb'), join(D, 'openff-plb', t, 'ligands.sdf')]);
    const perSet = { flashdock: n, fep: 0, openff: 0 };
    for (const [i, [pp, lp]] of pairs.entries()) {
      const p = parsePdb(readFileSync(pp));
      for (const rec of parseSdf(readFileSync(lp)).records) {
        expect(extractPocket(p, rec, { radius: 6 }).protein.atoms.count, `${lp} ${rec.name}`).toBeGreaterThan(
          0,
        );
        perSet[i < fepSystems ? 'fep' : 'openff']++;
      }
    }
    // The counts of the data README: 16 docked poses, 55 FEP+ systems with 1,085 ligands, 15 OpenFF targets with 369.
    expect([fepSystems, pairs.length - fepSystems]).toEqual([55, 15]);
    expect(perSet).toEqual({ flashdock: 16, fep: 1085, openff: 369 });
  });
});
