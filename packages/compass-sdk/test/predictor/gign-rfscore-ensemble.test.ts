/** The cross-architecture ensemble: the bundled GIGN ensemble and RF-Score through EnsemblePredictor, fixed weights. */
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledModelDir } from '../../src/model-package/bundled.js';
import {
  EnsemblePredictor,
  GIGN_RFSCORE_WEIGHTS,
  isPredictorError,
  loadGignRfScoreEnsemble,
  loadPredictor,
  type PackagePredictor,
} from '../../src/predictor/index.js';
import { tyk2 } from '../model/helpers.js';

const rfDir = join(dirname(bundledModelDir()), 'rf-score');
const { protein, ligands } = tyk2();
let ens: EnsemblePredictor;
let gign: PackagePredictor;
let rf: PackagePredictor;

beforeAll(async () => {
  ens = await loadGignRfScoreEnsemble({ intraOpThreads: 1 });
  gign = await loadPredictor(bundledModelDir(), { intraOpThreads: 1 });
  rf = await loadPredictor(rfDir);
});
afterAll(async () => {
  await Promise.all([ens.close(), gign.close(), rf.close()]);
});

describe('loadGignRfScoreEnsemble', () => {
  it('predicts 0.8 GIGN + 0.2 RF-Score with the weighted spread of the two as uncertainty', async () => {
    expect(GIGN_RFSCORE_WEIGHTS.zeroShot).toBe(0.2);
    expect(ens.weights).toEqual([0.8, 0.2]);
    expect(ens.members.map((m) => m.card.architecture.name)).toEqual(['gign', 'rf-score']);
    for (const ligand of ligands.slice(0, 3)) {
      const [out, a, b] = await Promise.all([
        ens.predict({ protein, ligand, id: ligand.name }),
        gign.predict({ protein, ligand }),
        rf.predict({ protein, ligand }),
      ]);
      const mean = 0.8 * a.pK + 0.2 * b.pK;
      expect(out.pK).toBeCloseTo(mean, 5);
      // Reliability weights: sum w (x - mean)^2 / (1 - sum w^2) with sum w^2 = 0.68.
      const sd = Math.sqrt((0.8 * (a.pK - mean) ** 2 + 0.2 * (b.pK - mean) ** 2) / 0.32);
      expect(out.uncertainty).toBeCloseTo(sd, 5);
      expect(out.uncertainty).toBeCloseTo(Math.abs(a.pK - b.pK) / Math.sqrt(0.32 / 0.16), 5);
      expect(out.id).toBe(ligand.name);
      expect(out.details).toEqual({
        members: [
          { model: gign.name, weight: 0.8, pK: a.pK },
          { model: rf.name, weight: 0.2, pK: b.pK },
        ],
      });
    }
  });

  it('is named for its members and weights: equal weights give another name than 0.8 / 0.2', async () => {
    const equal = new EnsemblePredictor([gign, rf]);
    expect(equal.weights).toEqual([0.5, 0.5]);
    expect(equal.name).toMatch(/^ensemble-[0-9a-f]{12}$/);
    expect(ens.name).toMatch(/^ensemble-[0-9a-f]{12}$/);
    expect(equal.name).not.toBe(ens.name);
    const out = await equal.predict({ protein, ligand: ligands[0]! });
    const [a, b] = await Promise.all([
      gign.predict({ protein, ligand: ligands[0]! }),
      rf.predict({ protein, ligand: ligands[0]! }),
    ]);
    // Equal weights: the mean and the sample standard deviation, as before weights existed.
    expect(out.pK).toBeCloseTo((a.pK + b.pK) / 2, 5);
    expect(out.uncertainty).toBeCloseTo(Math.abs(a.pK - b.pK) / Math.SQRT2, 5);
  });

  it('rejects bad weights with PREDICTOR_BAD_INPUT before opening a session', async () => {
    const cases: [readonly number[], string][] = [
      [[1], '1 weights for 2 ensemble members'],
      [[1, -0.5], 'ensemble weight 2 is -0.5: weights must be finite and >= 0'],
      [[0, 0], 'the ensemble weights sum to 0'],
      [[1, Number.NaN], 'ensemble weight 2 is NaN: weights must be finite and >= 0'],
    ];
    for (const [weights, message] of cases) {
      const e = await EnsemblePredictor.load([bundledModelDir(), rfDir], { weights }).catch(
        (x: unknown) => x,
      );
      expect(isPredictorError(e) && e.code).toBe('PREDICTOR_BAD_INPUT');
      expect((e as Error).message).toBe(message);
    }
    const e = await loadGignRfScoreEnsemble({ rfWeight: 1.5 }).catch((x: unknown) => x);
    expect((e as Error).message).toBe('ensemble weight 1 is -0.5: weights must be finite and >= 0');
  });
});
