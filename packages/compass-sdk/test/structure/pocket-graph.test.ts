/** Pocket extraction, featurisation, radius graphs (against the quadratic reference), padding and batching. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ELEMENT_VOCABULARY,
  FEATURISER_VERSION,
  assertFeaturiserVersion,
  batchComplexes,
  dedupeLigand,
  extractPocket,
  featurise,
  paddedNeighbours,
  parsePdb,
  parseSdf,
  radiusGraph,
  radiusGraphQuadratic,
  type LigandRecord,
} from '../../src/structure/index.js';
import { atomLine } from './pdb-lines.js';

const fixture = (n: string) => readFileSync(new URL(`../fixtures/structure/${n}`, import.meta.url));
const protein = parsePdb(fixture('tyk2_pocket8.pdb'), { source: 'tyk2_pocket8.pdb' });
const ligands = parseSdf(fixture('tyk2_ligands.sdf')).records;

function ligandAt(x: number, y: number, z: number): LigandRecord {
  return {
    index: 0,
    name: 'probe',
    atoms: {
      count: 1,
      coords: Float32Array.of(x, y, z),
      element: ['C'],
      atomicNumber: Uint8Array.of(6),
      formalCharge: new Int8Array(1),
    },
    bonds: { count: 0, from: new Uint32Array(0), to: new Uint32Array(0), order: new Uint8Array(0) },
    data: {},
  };
}

describe('extractPocket', () => {
  it('keeps whole residues within the radius, without waters unless asked', () => {
    const c6 = extractPocket(protein, ligands[0]!, { radius: 6 });
    const c8w = extractPocket(protein, ligands[0]!, { radius: 8, keepWaters: true });
    expect(c6.protein.residues.count).toBeLessThan(c8w.protein.residues.count);
    expect(c6.protein.atoms.resName.includes('HOH')).toBe(false);
    expect(c8w.protein.atoms.count).toBe(862);
    // Whole residues: every kept residue keeps all its atoms.
    const full = new Map<string, number>();
    for (let i = 0; i < protein.atoms.count; i++)
      full.set(
        `${protein.atoms.chainID[i]}${protein.atoms.resSeq[i]}`,
        (full.get(`${protein.atoms.chainID[i]}${protein.atoms.resSeq[i]}`) ?? 0) + 1,
      );
    const r0 = `${c6.protein.residues.chainID[0]}${c6.protein.residues.resSeq[0]}`;
    expect(c6.protein.residues.atomStart[1]! - c6.protein.residues.atomStart[0]!).toBe(full.get(r0));
  });

  it('removes hydrogens from both sides when asked', () => {
    const c = extractPocket(protein, ligands[0]!, { radius: 6, removeHydrogens: true });
    expect(c.protein.atoms.element.includes('H')).toBe(false);
    expect(c.ligand.atoms.element.includes('H')).toBe(false);
    expect(c.ligand.bonds.count).toBeGreaterThan(0);
  });

  it('rejects a ligand 500 A from the protein with STRUCTURE_LIGAND_FAR', () => {
    expect(() => extractPocket(protein, ligandAt(500, 500, 500))).toThrowError(
      expect.objectContaining({ code: 'STRUCTURE_LIGAND_FAR' }),
    );
  });

  it('drops protein atoms on top of ligand atoms and duplicated protein atoms, and reports close contacts', () => {
    const p = parsePdb(
      [
        atomLine({ serial: 1, name: 'CA', x: 0, y: 0, z: 0, el: 'C' }),
        atomLine({ serial: 2, name: 'CB', x: 0, y: 0, z: 0, el: 'C' }),
        atomLine({ serial: 3, name: 'N', seq: 2, x: 1.5, y: 0, z: 0, el: 'N' }),
        atomLine({ serial: 4, name: 'O', seq: 3, x: 2.3, y: 0, z: 0, el: 'O' }),
      ].join('\n'),
    );
    const c = extractPocket(p, ligandAt(1.5, 0.5, 0), { contactWarnDistance: 1 });
    expect(c.protein.atoms.name).toEqual(['CA', 'N', 'O']);
    const codes = c.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['POCKET_COINCIDENT_ATOMS', 'POCKET_CLOSE_CONTACT']));
    const c2 = extractPocket(p, ligandAt(1.5, 0, 0));
    expect(c2.protein.atoms.name).toEqual(['CA', 'O']);
    expect(c2.diagnostics.map((d) => d.code)).toContain('POCKET_COINCIDENT_LIGAND');
  });
});

describe('ligand filters', () => {
  it('drops a duplicated ligand atom and remaps bonds, reporting it', () => {
    const l = ligands[0]!;
    const n = l.atoms.count;
    // Append a copy of atom 0 bonded to atom 1.
    const coords = new Float32Array((n + 1) * 3);
    coords.set(l.atoms.coords);
    coords.set(l.atoms.coords.subarray(0, 3), n * 3);
    const dup: LigandRecord = {
      ...l,
      atoms: {
        count: n + 1,
        coords,
        element: [...l.atoms.element, l.atoms.element[0]!],
        atomicNumber: Uint8Array.of(...l.atoms.atomicNumber, l.atoms.atomicNumber[0]!),
        formalCharge: new Int8Array(n + 1),
      },
      bonds: {
        count: l.bonds.count + 1,
        from: Uint32Array.of(...l.bonds.from, n),
        to: Uint32Array.of(...l.bonds.to, 1),
        order: Uint8Array.of(...l.bonds.order, 1),
      },
    };
    const { ligand, dropped } = dedupeLigand(dup, 0.01);
    expect(dropped).toBe(1);
    expect(ligand.atoms.count).toBe(n);
    expect(ligand.bonds.count).toBe(l.bonds.count);
    const c = extractPocket(protein, dup, { radius: 6 });
    expect(c.ligand.atoms.count).toBe(n);
    expect(c.diagnostics.map((d) => d.code)).toContain('POCKET_COINCIDENT_LIGAND_ATOMS');
  });
});

describe('featurise', () => {
  it('puts ligand atoms first with a flag and a one-hot over the vocabulary', () => {
    const c = extractPocket(protein, ligands[0]!, { radius: 6 });
    const f = featurise(c);
    const w = ELEMENT_VOCABULARY.length + 1;
    expect(f.featuriserVersion).toBe(FEATURISER_VERSION);
    expect(f.numAtoms).toBe(c.ligand.atoms.count + c.protein.atoms.count);
    expect(f.isLigand[0]).toBe(1);
    expect(f.isLigand[f.numAtoms - 1]).toBe(0);
    for (let i = 0; i < f.numAtoms; i++) {
      const row = f.nodeFeatures.subarray(i * w, i * w + w - 1);
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      expect(ELEMENT_VOCABULARY[f.elementIndex[i]!]).toBe(
        f.atomicNumber[i] === 6 ? 'C' : ELEMENT_VOCABULARY[f.elementIndex[i]!],
      );
    }
    expect(() => assertFeaturiserVersion('compass-feat/0')).toThrowError(
      expect.objectContaining({ code: 'FEATURISER_MISMATCH' }),
    );
  });
});

describe('radiusGraph', () => {
  it('equals the quadratic reference on random point clouds, with and without a cap', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.float({ min: -8, max: 8, noNaN: true }),
            fc.float({ min: -8, max: 8, noNaN: true }),
            fc.float({ min: -8, max: 8, noNaN: true }),
          ),
          { minLength: 1, maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 40 }),
        (pts, cap) => {
          const pos = Float32Array.from(pts.flat());
          for (const opts of [{ cutoff: 3 }, { cutoff: 5, maxNeighbours: cap }]) {
            const a = radiusGraph(pos, opts),
              b = radiusGraphQuadratic(pos, opts);
            expect(Array.from(a.src)).toEqual(Array.from(b.src));
            expect(Array.from(a.dst)).toEqual(Array.from(b.dst));
          }
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('keeps the nearest neighbours under the cap and never a self-loop', () => {
    // Node 0 at the origin; nodes 1..5 at distances 5, 4, 3, 2, 1 along x.
    const pos = Float32Array.from(
      [0, 0, 0, 4.9, 0, 0, 4, 0, 0, 3, 0, 0, 2, 0, 0, 1, 0, 0].map((v, i) => (i % 3 === 0 && i > 0 ? -v : v)),
    );
    const g = radiusGraph(pos, { cutoff: 5, maxNeighbours: 2 });
    const into0 = Array.from(g.src.subarray(g.rowStart[0]!, g.rowStart[1]!));
    expect(into0).toEqual([5, 4]);
    expect(Array.from(g.distance.subarray(0, 2))).toEqual([1, 2]);
    for (let e = 0; e < g.numEdges; e++) expect(g.src[e]).not.toBe(g.dst[e]);
  });

  it('pads to [N, K] with a mask', () => {
    const g = radiusGraph(Float32Array.of(0, 0, 0, 1, 0, 0, 10, 0, 0), { cutoff: 2 });
    const p = paddedNeighbours(g);
    expect(p.width).toBe(1);
    expect(Array.from(p.index)).toEqual([1, 0, 2]);
    expect(Array.from(p.mask)).toEqual([1, 1, 0]);
  });
});

describe('batchComplexes', () => {
  it('concatenates complexes with offsets and a batch vector, edges never crossing graphs', () => {
    const fs = ligands.slice(0, 3).map((l) => featurise(extractPocket(protein, l, { radius: 5 })));
    const b = batchComplexes(fs, { cutoff: 5 });
    expect(b.numGraphs).toBe(3);
    expect(b.nodeOffsets[3]).toBe(fs.reduce((s, f) => s + f.numAtoms, 0));
    expect(b.batch[b.nodeOffsets[1]!]).toBe(1);
    for (let e = 0; e < b.graph.numEdges; e++)
      expect(b.batch[b.graph.src[e]!]).toBe(b.batch[b.graph.dst[e]!]);
    expect(b.graph.numEdges).toBe(
      fs.reduce((s, f) => s + radiusGraph(f.positions, { cutoff: 5 }).numEdges, 0),
    );
    expect(() => batchComplexes([])).toThrowError(expect.objectContaining({ code: 'STRUCTURE_BAD_INPUT' }));
  });
});
