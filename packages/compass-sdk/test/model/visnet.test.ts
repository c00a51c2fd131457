/** The COMPASS ViSNet: full-model gradient check, E(3) invariance, and a readout that ignores pocket size. */
import { describe, expect, it } from 'vitest';
import {
  compassBatchFeeds,
  countCompassParams,
  createCompassModelDef,
  prepareComplex,
  resolveHyperParams,
  type CompassHyperParams,
} from '../../src/model/index.js';
import { seededRandom } from '../../src/params/init.js';
import { forward64, movedComplex, syntheticComplex, tyk2 } from './helpers.js';
import { paramGradCheck } from './param-gradcheck.js';

const TINY: CompassHyperParams = resolveHyperParams('smoke_test', {
  hidden: 8,
  heads: 2,
  rbf: 6,
  layers: 3,
  cutoff: 4,
});

/** Nine atoms (four ligand), a few within 4 A of each other. */
function tinyComplex() {
  const rand = seededRandom(5);
  // Multiples of 1/64 A: shifted copies stay exact in float32.
  const pos = Array.from({ length: 27 }, () => Math.round(rand() * 320) / 64);
  return syntheticComplex(
    ['C', 'N', 'O', 'C', 'C', 'O', 'N', 'S', 'C'],
    [true, true, true, true, false, false, false, false, false],
    pos,
  );
}

describe('createCompassModelDef', () => {
  it('has gradients that agree with central finite differences (float64, whole model, 3 layers)', async () => {
    const model = createCompassModelDef(TINY, { loss: 'huber', huberDelta: 0.5 });
    const c = tinyComplex();
    const feeds = compassBatchFeeds([c, movedComplex(c, (x, y, z) => [y, z + 0.3, x])], TINY, {
      dtype: 'float64',
      targets: [0.4, -0.7],
    });
    // The complex must have edges in both directions for the padded gather's reverse index to matter.
    expect((feeds.mask!.data as Float64Array).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    const { worst, checked } = await paramGradCheck(model, feeds);
    const names = Object.keys(model.params);
    expect(checked).toBeGreaterThan(2 * names.length - 4);
    expect(worst).toBeLessThan(1e-6);
  });

  it('is invariant to rotating and translating the complex', async () => {
    const { protein, ligands } = tyk2();
    const hp = resolveHyperParams('smoke_test', { hidden: 16, heads: 2, rbf: 8, layers: 3 });
    const c = prepareComplex(protein, ligands[0]!, hp);
    // A proper rotation (unit quaternion) and a translation.
    const [qw, qx, qy, qz] = [0.7, 0.1, -0.5, 0.5].map((v, _, a) => v / Math.hypot(...a)) as [
      number,
      number,
      number,
      number,
    ];
    const R = [
      [1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw)],
      [2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw)],
      [2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)],
    ];
    const moved = movedComplex(c, (x, y, z) => [
      R[0]![0]! * x + R[0]![1]! * y + R[0]![2]! * z + 12.5,
      R[1]![0]! * x + R[1]![1]! * y + R[1]![2]! * z - 3,
      R[2]![0]! * x + R[2]![1]! * y + R[2]![2]! * z + 40,
    ]);
    const model = createCompassModelDef(hp);
    const [a, b] = await forward64(model, compassBatchFeeds([c, moved], hp, { dtype: 'float64' }));
    expect(Math.abs(a!)).toBeGreaterThan(1e-3);
    // float32 positions after rotation: agreement to float32 rounding of the geometry.
    expect(Math.abs(a! - b!)).toBeLessThan(1e-4);
    // A mirror image is also a distance-preserving map: ViSNet's scalars are E(3)-invariant.
    const mirrored = movedComplex(c, (x, y, z) => [-x, y, z]);
    const [m] = await forward64(model, compassBatchFeeds([mirrored], hp, { dtype: 'float64' }));
    expect(Math.abs(a! - m!)).toBeLessThan(1e-4);
    // And a change of geometry does change the prediction (the test can fail).
    const squeezed = movedComplex(c, (x, y, z) => [0.9 * x, y, z]);
    const [s] = await forward64(model, compassBatchFeeds([squeezed], hp, { dtype: 'float64' }));
    expect(Math.abs(a! - s!)).toBeGreaterThan(1e-4);
  });
});

describe('readout', () => {
  const base = tinyComplex();
  const symbols = (c: typeof base): string[] => Array.from(c.elementIndex, (e) => ['C', 'O', 'N', 'S'][e]!);
  // Far-away protein atoms: beyond the cutoff of everything, so they change no ligand atom's features.
  const bigger = syntheticComplex(
    [...symbols(base), 'C', 'O', 'N'],
    [...Array.from(base.isLigand, Boolean), false, false, false],
    [...base.positions, 100, 100, 100, 101.2, 100, 100, 100, 101.3, 100],
  );

  it('ligand-sum ignores protein atoms that touch no ligand atom (pocket size does not set the scale)', async () => {
    const model = createCompassModelDef(TINY);
    const [a, b] = await forward64(model, compassBatchFeeds([base, bigger], TINY, { dtype: 'float64' }));
    expect(b).toBeCloseTo(a!, 10);
    // A sum over every atom would not: the extra atoms change it.
    const all = resolveHyperParams('smoke_test', { ...TINY, readout: 'mean' });
    const [c, d] = await forward64(
      createCompassModelDef(all),
      compassBatchFeeds([base, bigger], all, { dtype: 'float64' }),
    );
    expect(Math.abs(c! - d!)).toBeGreaterThan(1e-6);
  });

  it('mean and ligand-mean give a complex made of two far-apart copies the same value as one copy', async () => {
    const twice = syntheticComplex(
      [...symbols(base), ...symbols(base)],
      [...Array.from(base.isLigand, Boolean), ...Array.from(base.isLigand, Boolean)],
      [...base.positions, ...Array.from(base.positions, (v) => v + 200)],
    );
    for (const readout of ['mean', 'ligand-mean'] as const) {
      const hp = resolveHyperParams('smoke_test', { ...TINY, readout });
      const [a, b] = await forward64(
        createCompassModelDef(hp),
        compassBatchFeeds([base, twice], hp, { dtype: 'float64' }),
      );
      expect(b).toBeCloseTo(a!, 10);
    }
    // ligand-sum counts ligand atoms: two copies give twice the pooled value (minus the shared bias).
    const [a, b] = await forward64(
      createCompassModelDef(TINY),
      compassBatchFeeds([base, twice], TINY, { dtype: 'float64' }),
    );
    expect(Math.abs(a! - b!)).toBeGreaterThan(1e-6);
  });

  it('counts parameters per preset', () => {
    expect(countCompassParams(resolveHyperParams('smoke_test'))).toBe(36226);
    expect(countCompassParams(resolveHyperParams('production'))).toBe(1575938);
  });
});
