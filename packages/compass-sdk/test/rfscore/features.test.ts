/** RF-Score v1 features: equal to GIGN's stored rows on all 50 toy complexes, and to a brute-force count. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/params/init.js';
import { RFSCORE_FEATURE_NAMES, RfScoreReceptor, rfScoreFeatures } from '../../src/rfscore/features.js';
import { readRfScoreCsv } from '../../src/rfscore/features-csv.js';
import { datasetFeatures } from '../../src/rfscore/dataset-features.js';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import type { MoleculeAtoms } from '../../src/structure/molecule.js';
import { parsePdb, parseSdf, type PdbStructure } from '../../src/structure/index.js';

const have = sharedDataAvailable();
const D = sharedDataDir();

function molecule(points: readonly [number, number, number, number][]): MoleculeAtoms {
  return {
    count: points.length,
    coords: Float32Array.from(points.flatMap(([, x, y, z]) => [x, y, z])),
    element: points.map(([z]) => String(z)),
    atomicNumber: Uint8Array.from(points.map(([z]) => z)),
    formalCharge: new Int8Array(points.length),
  };
}

/** Just the columns the counting reads, as a parsed structure. */
function asPdb(m: MoleculeAtoms): PdbStructure {
  return {
    source: 'cloud',
    atoms: { coords: m.coords, atomicNumber: m.atomicNumber },
  } as unknown as PdbStructure;
}

/** The rule written out pair by pair, as ODDT does it (cdist on float32 coordinates <= 12). */
function bruteForce(protein: MoleculeAtoms, ligand: MoleculeAtoms): number[] {
  const lig = [6, 7, 8, 9, 15, 16, 17, 35, 53];
  const prot = [6, 7, 8, 16];
  const f = new Array<number>(36).fill(0);
  for (let i = 0; i < ligand.count; i++)
    for (let j = 0; j < protein.count; j++) {
      const li = lig.indexOf(ligand.atomicNumber[i]!),
        pj = prot.indexOf(protein.atomicNumber[j]!);
      if (li < 0 || pj < 0) continue;
      const d = Math.hypot(
        ligand.coords[3 * i]! - protein.coords[3 * j]!,
        ligand.coords[3 * i + 1]! - protein.coords[3 * j + 1]!,
        ligand.coords[3 * i + 2]! - protein.coords[3 * j + 2]!,
      );
      if (d <= 12) f[4 * li + pj]!++;
    }
  return f;
}

describe('RF-Score v1 features', () => {
  it('names the columns ligand-major', () => {
    expect(RFSCORE_FEATURE_NAMES.slice(0, 5)).toEqual([
      'lig C - prot C',
      'lig C - prot N',
      'lig C - prot O',
      'lig C - prot S',
      'lig N - prot C',
    ]);
    expect(RFSCORE_FEATURE_NAMES[35]).toBe('lig I - prot S');
  });

  it('counts a pair at exactly 12 A, not one just beyond, and ignores H and uncounted elements', () => {
    const protein = molecule([
      [6, 12, 0, 0], // C at 12.000 A: counts
      [7, 12.001, 0, 0], // N just beyond
      [8, 0, -12, 0], // O at 12 A: counts
      [1, 1, 0, 0], // H: never
      [30, 0, 1, 0], // Zn: not a protein type
      [16, 0, 0, 3], // S
    ]);
    const ligand = molecule([
      [6, 0, 0, 0],
      [1, 0, 0, 0.5],
      [5, 0, 0, 0], // B: not a ligand type
      [53, 0, 0, 0], // I
    ]);
    const f = RfScoreReceptor.fromAtoms(protein.coords, protein.atomicNumber).features(ligand);
    expect(Array.from(rfScoreFeatures(asPdb(protein), ligand))).toEqual(Array.from(f));
    const expected = new Array<number>(36).fill(0);
    expected[0] = 1; // C-C at 12.000
    expected[2] = 1; // C-O
    expected[3] = 1; // C-S
    expected[32] = 1; // I-C
    expected[34] = 1; // I-O
    expected[35] = 1; // I-S
    expect(Array.from(f)).toEqual(expected);
  });

  it('equals a brute-force count on random clouds (grid queries and the four-atom kernel miss nothing)', () => {
    const rnd = seededRandom(7);
    const types = [6, 7, 8, 16, 1, 9, 15, 17, 35, 53, 30];
    const cloud = (n: number, span: number) =>
      molecule(
        Array.from({ length: n }, () => [
          types[Math.floor(rnd() * types.length)]!,
          (rnd() - 0.5) * span,
          (rnd() - 0.5) * span,
          (rnd() - 0.5) * span,
        ]),
      );
    for (let trial = 0; trial < 5; trial++) {
      const protein = cloud(3000, 60);
      const ligand = cloud(40, 10);
      const want = bruteForce(protein, ligand);
      const binned = RfScoreReceptor.fromAtoms(protein.coords, protein.atomicNumber).features(ligand);
      expect(Array.from(binned)).toEqual(want);
      // The one-off path (protein cropped to the ligand's box) counts the same pairs.
      expect(Array.from(rfScoreFeatures(asPdb(protein), ligand))).toEqual(want);
    }
  });

  it('rejects a non-finite coordinate with RFSCORE_BAD_INPUT naming the atom', () => {
    const protein = molecule([[6, Number.NaN, 0, 0]]);
    expect(() => RfScoreReceptor.fromAtoms(protein.coords, protein.atomicNumber, 'p.pdb')).toThrow(
      expect.objectContaining({
        code: 'RFSCORE_BAD_INPUT',
        message: 'p.pdb: atom 1 has a non-finite coordinate',
      }),
    );
    expect(() => rfScoreFeatures(asPdb(protein), molecule([[6, 0, 0, 0]]))).toThrow(
      expect.objectContaining({
        code: 'RFSCORE_BAD_INPUT',
        message: 'cloud: atom 1 has a non-finite coordinate',
      }),
    );
    const ok = molecule([[6, 0, 0, 0]]);
    const receptor = RfScoreReceptor.fromAtoms(ok.coords, ok.atomicNumber);
    expect(() => receptor.features(molecule([[6, 0, Number.POSITIVE_INFINITY, 0]]))).toThrow(
      expect.objectContaining({ code: 'RFSCORE_BAD_INPUT' }),
    );
  });

  describe.skipIf(!have)('gign-toyset against GIGN stored features', () => {
    it('matches the shared CSV row of every one of the 50 complexes on both paths (whole protein with waters, PDBbind SDF)', async () => {
      const dir = join(D, 'gign-reference', 'rfscore-v1');
      const stored = new Map<string, number[]>();
      for (const split of ['train', 'valid', 'test2019']) {
        const t = await readRfScoreCsv(join(dir, `${split}.csv`));
        t.ids.forEach((id, r) => stored.set(id, Array.from(t.features.subarray(36 * r, 36 * r + 36))));
      }
      const ids = readdirSync(join(D, 'gign-toyset', 'complexes')).sort();
      expect(ids).toHaveLength(50);
      for (const id of ids) {
        const c = join(D, 'gign-toyset', 'complexes', id);
        const protein = parsePdb(gunzipSync(readFileSync(join(c, `${id}_protein.pdb.gz`))), { source: id });
        const ligand = parseSdf(readFileSync(join(c, `${id}_ligand.sdf`), 'utf8')).records[0]!;
        expect([id, ...rfScoreFeatures(protein, ligand)]).toEqual([id, ...stored.get(id)!]);
        // The receptor grid path (poses against a protein prepared once) gives the same row.
        expect([id, ...RfScoreReceptor.fromPdb(protein).features(ligand)]).toEqual([id, ...stored.get(id)!]);
      }
    });
  });
});

describe.skipIf(!have)('datasetFeatures', () => {
  it("featurises the toy set's folder like GIGN did: whole proteins beside the pockets, labels from labels.csv", async () => {
    const ds = await openDatasetDir(join(D, 'gign-toyset'));
    const { table, diagnostics } = await datasetFeatures(ds.items);
    expect(diagnostics).toEqual([]);
    const dir = join(D, 'gign-reference', 'rfscore-v1');
    const [train, valid] = await Promise.all([
      readRfScoreCsv(join(dir, 'train.csv')),
      readRfScoreCsv(join(dir, 'valid.csv')),
    ]);
    const stored = new Map<string, number[]>();
    for (const t of [train, valid])
      t.ids.forEach((id, r) => stored.set(id, [t.pK[r]!, ...t.features.subarray(36 * r, 36 * r + 36)]));
    expect(table.ids).toHaveLength(50);
    table.ids.forEach((id, r) =>
      expect([id, table.pK[r], ...table.features.subarray(36 * r, 36 * r + 36)]).toEqual([
        id,
        ...stored.get(id)!,
      ]),
    );
  });
});
