/** The PyMOL pocket cut against GIGN's own Pocket_5A.pdb files: same atoms in the same order, PyMOL's charges. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGignGraph, cutPocket } from '../../src/featurise/gign/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { readLigands, readProtein } from '../../src/structure/formats.js';
import { loadGolden, REF } from './golden.js';

const have = sharedDataAvailable();

function heavyCoords(coords: Float32Array, z: Uint8Array): Float32Array {
  const out: number[] = [];
  for (let a = 0; a < z.length; a++)
    if (z[a] !== 1) out.push(coords[3 * a]!, coords[3 * a + 1]!, coords[3 * a + 2]!);
  return Float32Array.from(out);
}

describe.skipIf(!have)('PyMOL pocket cut vs toyset/<id>_pocket5A.pdb', () => {
  it('lists the same atoms (name, residue, chain, number, coordinates, charge) in the same order for all 50', async () => {
    const toy = join(sharedDataDir(), 'gign-toyset', 'complexes');
    const ids = (await import('node:fs')).readdirSync(toy).sort();
    let identical = 0;
    const report: string[] = [];
    for (const id of ids) {
      const gz = join(toy, id, `${id}_protein.pdb.gz`);
      const protein = await readProtein(existsSync(gz) ? gz : join(toy, id, `${id}_protein.pdb`));
      const ligand = (await readLigands(join(toy, id, `${id}_ligand.mol2`))).records[0]!;
      const pocket = cutPocket(protein, heavyCoords(ligand.atoms.coords, ligand.atoms.atomicNumber));
      const ref = readFileSync(join(REF(), 'toyset', `${id}_pocket5A.pdb`), 'utf8')
        .split('\n')
        .filter((l) => /^(ATOM {2}|HETATM)/.test(l))
        .map((l) => {
          const c = l.slice(78, 80).trim();
          const q = c === '' ? 0 : Number(c[0]) * (c[1] === '-' ? -1 : 1);
          return `${l.slice(12, 16).trim()} ${l.slice(17, 20).trim()} ${l.slice(21, 22).trim()}${Number(l.slice(22, 26))} ${l.slice(30, 54)} ${q}`;
        });
      const a = protein.atoms;
      const f = (x: number) => x.toFixed(3).padStart(8);
      const ours = Array.from(pocket.sourceIndex, (i, k) => {
        const xyz = `${f(a.coords[3 * i]!)}${f(a.coords[3 * i + 1]!)}${f(a.coords[3 * i + 2]!)}`;
        return `${a.name[i]} ${a.resName[i]} ${a.chainID[i]}${a.resSeq[i]} ${xyz} ${pocket.atoms.formalCharge[k]}`;
      });
      const first = ours.findIndex((o, k) => o !== ref[k]);
      if (first < 0 && ours.length === ref.length) identical++;
      else
        report.push(
          `${id}: ${ours.length} vs ${ref.length} atoms; first difference at ${first}: ${ours[first]} | ${ref[first]}`,
        );
    }
    console.log(`pocket atom lists identical: ${identical}/50\n${report.join('\n')}`);
    expect(identical).toBe(50);
  }, 120_000);

  it('places every atom where the original pipeline does (pos equal in float32)', async () => {
    const toy = join(sharedDataDir(), 'gign-toyset', 'complexes');
    for (const id of ['1a61', '2fv5', '4bpj']) {
      const protein = await readProtein(join(toy, id, `${id}_protein.pdb.gz`));
      const ligand = (await readLigands(join(toy, id, `${id}_ligand.mol2`))).records[0]!;
      const g = buildGignGraph(protein, ligand);
      const gold = loadGolden(id);
      expect(Array.from(g.pos)).toEqual(gold.pos.flat().map((v) => Math.fround(v)));
    }
  });
});

describe.skipIf(!have)("a PDB ligand with CONECT bond orders (the toy set's own obabel output)", () => {
  it('gives the golden ligand features and bonds for all 50 complexes', async () => {
    const toy = join(sharedDataDir(), 'gign-toyset', 'complexes');
    const ids = (await import('node:fs')).readdirSync(toy).sort();
    let same = 0;
    const report: string[] = [];
    for (const id of ids) {
      const protein = await readProtein(join(toy, id, `${id}_protein.pdb.gz`));
      const ligand = (await readLigands(join(REF(), 'toyset', `${id}_ligand_obabel.pdb`))).records[0]!;
      const g = buildGignGraph(protein, ligand);
      const gold = loadGolden(id);
      const nl = gold.n_ligand;
      let bad = g.numLigandAtoms === nl ? 0 : nl;
      for (let a = 0; a < Math.min(nl, g.numLigandAtoms); a++)
        if (gold.x[a]!.some((v, k) => v !== g.x[a * 35 + k])) bad++;
      const ligBonds = (s: ArrayLike<number>, d: ArrayLike<number>) => {
        const out: string[] = [];
        for (let e = 0; e < s.length; e++) if (s[e]! < nl && d[e]! < nl) out.push(`${s[e]}>${d[e]}`);
        return out.sort().join(' ');
      };
      const bondsOk =
        ligBonds(g.intra.src, g.intra.dst) === ligBonds(gold.edge_index_intra[0], gold.edge_index_intra[1]);
      if (bad === 0 && bondsOk) same++;
      else report.push(`${id}: ${bad} ligand atoms differ, bonds ${bondsOk ? 'same' : 'differ'}`);
    }
    console.log(`obabel PDB ligands: ${same}/50 identical\n${report.join('\n')}`);
    expect(same).toBe(50);
  }, 120_000);
});
