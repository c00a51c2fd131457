/** Batch feeds: the mutual nearest-neighbour padded layout, readout weights, noise and input errors. */
import { describe, expect, it } from 'vitest';
import { reverseNeighbourIndex } from '../../src/graph/padded-layout.js';
import {
  compassBatchFeeds,
  isModelError,
  prepareComplex,
  resolveHyperParams,
  validateHyperParams,
  MODE_HYPERPARAMS,
} from '../../src/model/index.js';
import { syntheticComplex, tyk2 } from './helpers.js';

// A line of atoms 1 A apart: atom 0's neighbours by distance are 1, 2, 3...
const line = syntheticComplex(
  ['C', 'C', 'C', 'C', 'O', 'N'],
  [true, true, false, false, false, false],
  [0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5, 0, 0],
);

describe('compassBatchFeeds', () => {
  it('keeps the nearest neighbours under the cap, mutual, with a valid reverse index', () => {
    const hp = resolveHyperParams('smoke_test', { cutoff: 2.5, maxNeighbours: 2 });
    const f = compassBatchFeeds([line, line], hp);
    const [n, k] = f.nbr!.dims as [number, number];
    expect([n, k]).toEqual([12, 2]);
    const nbr = Array.from(f.nbr!.data as BigInt64Array, Number);
    const mask = Array.from(f.mask!.data as Float32Array);
    // Atom 0: within 2.5 A are 1 and 2; atom 2's two nearest are 1 and 3, so 0-2 is not mutual and is dropped.
    expect(nbr.slice(0, 2)).toEqual([1, 0]);
    expect(mask.slice(0, 2)).toEqual([1, 0]);
    expect(nbr.slice(2, 4)).toEqual([0, 2]);
    // Second complex: offset by 6.
    expect(nbr.slice(14, 16)).toEqual([6, 8]);
    expect(Array.from(f.rev!.data as BigInt64Array, Number)).toEqual(reverseNeighbourIndex(nbr, mask, n, k));
    const dist = Array.from(f.dist!.data as Float32Array);
    expect(dist.slice(0, 2)).toEqual([1, 2.5]); // padding at the cutoff
    expect(Array.from(f.dir!.data as Float32Array).slice(0, 6)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(f.batch!.data as BigInt64Array, Number)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    // Ligand/protein flag is part of the atom type: C ligand 0, C protein 25.
    expect(Array.from(f.types!.data as BigInt64Array, Number).slice(0, 4)).toEqual([0, 0, 25, 25]);
    expect(Array.from(f.readw!.data as Float32Array).slice(0, 3)).toEqual(
      [1 / 25, 1 / 25, 0].map(Math.fround),
    );
    expect(f.graphs!.dims).toEqual([2, 1]);
    expect(f.y).toBeUndefined();
  });

  it('adds seeded coordinate noise only when asked, and targets as y [B, 1]', () => {
    const { protein, ligands } = tyk2();
    const hp = resolveHyperParams('smoke_test');
    const c = prepareComplex(protein, ligands[0]!, hp);
    const clean = compassBatchFeeds([c], hp, { targets: [0.5] });
    expect(Array.from(clean.y!.data as Float32Array)).toEqual([0.5]);
    const a = compassBatchFeeds([c], hp, { coordNoiseStd: 0.1, seed: 1 });
    const b = compassBatchFeeds([c], hp, { coordNoiseStd: 0.1, seed: 1 });
    const d = compassBatchFeeds([c], hp, { coordNoiseStd: 0.1, seed: 2 });
    expect(a.dist!.data).toEqual(b.dist!.data);
    expect(a.dist!.data).not.toEqual(d.dist!.data);
    expect(a.dist!.data).not.toEqual(clean.dist!.data);
  });

  it('rejects empty batches, ligand-free complexes and a wrong target count', () => {
    const hp = MODE_HYPERPARAMS.smoke_test;
    const noLigand = syntheticComplex(['C', 'C'], [false, false], [0, 0, 0, 1, 0, 0]);
    for (const f of [
      () => compassBatchFeeds([], hp),
      () => compassBatchFeeds([noLigand], hp),
      () => compassBatchFeeds([line], hp, { targets: [1, 2] }),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isModelError(err) && err.code).toBe('MODEL_BAD_INPUT');
    }
  });
});

describe('hyper-parameters', () => {
  it('validates overrides and names the bad field', () => {
    expect(resolveHyperParams('prototyping', { hidden: 64 }).hidden).toBe(64);
    expect(() => resolveHyperParams('smoke_test', { hidden: 30, heads: 4 })).toThrow(/heads/);
    try {
      validateHyperParams({ ...MODE_HYPERPARAMS.smoke_test, cutoff: -1 });
      expect.unreachable();
    } catch (e) {
      expect(isModelError(e) && e.code).toBe('MODEL_BAD_HYPERPARAMS');
      expect((e as Error).message).toContain('cutoff');
    }
    expect(() => validateHyperParams({ ...MODE_HYPERPARAMS.smoke_test, bogus: 1 })).toThrow(
      /bogus|unrecognized/i,
    );
  });

  it('pocket radius and hydrogens come from the hyper-parameters', () => {
    const { protein, ligands } = tyk2();
    const small = prepareComplex(protein, ligands[0]!, { pocketRadius: 5, keepHydrogens: false });
    const large = prepareComplex(protein, ligands[0]!, { pocketRadius: 8, keepHydrogens: false });
    const withH = prepareComplex(protein, ligands[0]!, { pocketRadius: 5, keepHydrogens: true });
    expect(large.numAtoms).toBeGreaterThan(small.numAtoms);
    expect(withH.numAtoms).toBeGreaterThan(small.numAtoms);
    expect(Array.from(small.atomicNumber).includes(1)).toBe(false);
  });
});
