/**
 * The GIGN port against the original: the three published checkpoints, read without pickle and run through the
 * ONNX program, on the graphs the original pipeline built for the 50 toy-set complexes (gign-reference/toyset/*.json)
 * must give torch's float32 predictions within 1e-4 pK (the reference's own numpy restatement agrees to 1.9e-6).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTorchStateDictFile } from '../../src/checkpoint/index.js';
import { buildInferenceProgram, paramInput } from '../../src/graph/programs.js';
import {
  createGignModelDef,
  GIGN_PUBLISHED,
  gignBatchFeeds,
  gignParamsFromStateDict,
  gignParamSpecs,
  type GignGraphInput,
} from '../../src/model/gign/index.js';
import { isModelError } from '../../src/model/errors.js';
import { hostTensor, type TensorMap } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';

const have = sharedDataAvailable();
const REF = join(sharedDataDir(), 'gign-reference');

interface Golden {
  pdbid: string;
  n_ligand: number;
  n_pocket: number;
  x: number[][];
  pos: number[][];
  edge_index_intra: [number[], number[]];
  edge_index_inter: [number[], number[]];
  pred: Record<string, number>;
}

function goldenGraph(j: Golden): GignGraphInput {
  return {
    numLigandAtoms: j.n_ligand,
    numPocketAtoms: j.n_pocket,
    x: Float32Array.from(j.x.flat()),
    pos: Float32Array.from(j.pos.flat()),
    intra: { src: Int32Array.from(j.edge_index_intra[0]), dst: Int32Array.from(j.edge_index_intra[1]) },
    inter: { src: Int32Array.from(j.edge_index_inter[0]), dst: Int32Array.from(j.edge_index_inter[1]) },
  };
}

describe.skipIf(!have)('GIGN port vs the original PyTorch model', () => {
  const goldens = have
    ? readdirSync(join(REF, 'toyset'))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(REF, 'toyset', f), 'utf8')) as Golden)
    : [];

  it('reproduces every checkpoint on all 50 toy graphs within 1e-4 pK, as one three-member program', async () => {
    expect(goldens).toHaveLength(50);
    const hp = { ...GIGN_PUBLISHED, members: 3 };
    const params: TensorMap = {};
    for (let r = 0; r < 3; r++) {
      const sd = await readTorchStateDictFile(join(REF, 'checkpoints', `repeat${r}.pt`));
      Object.assign(params, gignParamsFromStateDict(sd, hp, { member: r }));
    }
    const session = await createLocalSession(buildInferenceProgram(createGignModelDef(hp)).onnx);
    const feeds = Object.fromEntries(Object.entries(params).map(([k, t]) => [paramInput(k), t]));
    let worst = 0;
    try {
      // Batches of 16, as the original batched (BatchNorm uses running statistics: batching changes nothing).
      for (let b = 0; b < goldens.length; b += 16) {
        const part = goldens.slice(b, b + 16);
        const out = await session.run({ ...feeds, ...gignBatchFeeds(part.map(goldenGraph), hp) });
        const m = out['pred.members']!.data as Float32Array;
        part.forEach((g, i) => {
          for (let r = 0; r < 3; r++)
            worst = Math.max(worst, Math.abs(m[i * 3 + r]! - g.pred[`repeat${r}`]!));
        });
      }
    } finally {
      await session.release();
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('maps the state dict one to one: every tensor used, the published size (621,569 parameters per run)', async () => {
    const sd = await readTorchStateDictFile(join(REF, 'checkpoints', 'repeat0.pt'));
    const trainable = [...sd.entries()]
      .filter(([k]) => !/running_(mean|var)$|num_batches_tracked$/.test(k))
      .reduce((s, [, t]) => s + t.dims.reduce((a, b) => a * b, 1), 0);
    const ours = Object.values(gignParamSpecs(GIGN_PUBLISHED)).reduce(
      (s, p) => s + p.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(ours).toBe(trainable);
    expect(ours).toBe(621569);
  });

  it('refuses a state dict with a missing, an unexpected or a wrongly shaped tensor, naming it', async () => {
    const sd = await readTorchStateDictFile(join(REF, 'checkpoints', 'repeat1.pt'));
    const without = new Map(sd);
    without.delete('gconv2.mlp_coord_ncov.0.bias');
    const extra = new Map(sd).set('gconv4.lin.weight', hostTensor('float32', [1], [0]));
    const reshaped = new Map(sd).set(
      'fc.predict.12.weight',
      hostTensor('float32', [2, 256], new Float32Array(512)),
    );
    const cases: [Map<string, typeof sd extends ReadonlyMap<string, infer T> ? T : never>, RegExp][] = [
      [without, /missing tensor gconv2\.mlp_coord_ncov\.0\.bias/],
      [extra, /unexpected tensor gconv4\.lin\.weight/],
      [reshaped, /fc\.predict\.12\.weight has shape \[2, 256\], the model needs \[1, 256\]/],
    ];
    for (const [bad, message] of cases) {
      const e = (() => {
        try {
          gignParamsFromStateDict(bad, GIGN_PUBLISHED, { source: 'repeat1.pt' });
        } catch (x) {
          return x;
        }
      })();
      expect(isModelError(e) && e.code === 'MODEL_BAD_CHECKPOINT').toBe(true);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).toMatch(/^repeat1\.pt: /);
    }
  });
});
