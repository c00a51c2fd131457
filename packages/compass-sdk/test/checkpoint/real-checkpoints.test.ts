/** The three published GIGN checkpoints read by the restricted reader, checked against numpy's reading of them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCheckpointError, readTorchStateDict, readTorchStateDictFile } from '../../src/checkpoint/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';

const have = sharedDataAvailable();
const file = (r: number) => join(sharedDataDir(), 'gign-reference', 'checkpoints', `repeat${r}.pt`);

// Key order and shapes as printed by reference_forward_numpy.load_state_dict (numpy + a restricted Unpickler)
// on repeat0.pt; the three runs share the architecture. Every tensor is float32 except num_batches_tracked.
const KEYS: readonly (readonly [string, readonly number[]])[] = [
  ['lin_node.0.weight', [256, 35]],
  ['lin_node.0.bias', [256]],
  ['gconv1.mlp_node_cov.0.weight', [256, 256]],
  ['gconv1.mlp_node_cov.0.bias', [256]],
  ['gconv1.mlp_node_cov.3.weight', [256]],
  ['gconv1.mlp_node_cov.3.bias', [256]],
  ['gconv1.mlp_node_cov.3.running_mean', [256]],
  ['gconv1.mlp_node_cov.3.running_var', [256]],
  ['gconv1.mlp_node_cov.3.num_batches_tracked', []],
  ['gconv1.mlp_node_ncov.0.weight', [256, 256]],
  ['gconv1.mlp_node_ncov.0.bias', [256]],
  ['gconv1.mlp_node_ncov.3.weight', [256]],
  ['gconv1.mlp_node_ncov.3.bias', [256]],
  ['gconv1.mlp_node_ncov.3.running_mean', [256]],
  ['gconv1.mlp_node_ncov.3.running_var', [256]],
  ['gconv1.mlp_node_ncov.3.num_batches_tracked', []],
  ['gconv1.mlp_coord_cov.0.weight', [256, 9]],
  ['gconv1.mlp_coord_cov.0.bias', [256]],
  ['gconv1.mlp_coord_ncov.0.weight', [256, 9]],
  ['gconv1.mlp_coord_ncov.0.bias', [256]],
  ['gconv2.mlp_node_cov.0.weight', [256, 256]],
  ['gconv2.mlp_node_cov.0.bias', [256]],
  ['gconv2.mlp_node_cov.3.weight', [256]],
  ['gconv2.mlp_node_cov.3.bias', [256]],
  ['gconv2.mlp_node_cov.3.running_mean', [256]],
  ['gconv2.mlp_node_cov.3.running_var', [256]],
  ['gconv2.mlp_node_cov.3.num_batches_tracked', []],
  ['gconv2.mlp_node_ncov.0.weight', [256, 256]],
  ['gconv2.mlp_node_ncov.0.bias', [256]],
  ['gconv2.mlp_node_ncov.3.weight', [256]],
  ['gconv2.mlp_node_ncov.3.bias', [256]],
  ['gconv2.mlp_node_ncov.3.running_mean', [256]],
  ['gconv2.mlp_node_ncov.3.running_var', [256]],
  ['gconv2.mlp_node_ncov.3.num_batches_tracked', []],
  ['gconv2.mlp_coord_cov.0.weight', [256, 9]],
  ['gconv2.mlp_coord_cov.0.bias', [256]],
  ['gconv2.mlp_coord_ncov.0.weight', [256, 9]],
  ['gconv2.mlp_coord_ncov.0.bias', [256]],
  ['gconv3.mlp_node_cov.0.weight', [256, 256]],
  ['gconv3.mlp_node_cov.0.bias', [256]],
  ['gconv3.mlp_node_cov.3.weight', [256]],
  ['gconv3.mlp_node_cov.3.bias', [256]],
  ['gconv3.mlp_node_cov.3.running_mean', [256]],
  ['gconv3.mlp_node_cov.3.running_var', [256]],
  ['gconv3.mlp_node_cov.3.num_batches_tracked', []],
  ['gconv3.mlp_node_ncov.0.weight', [256, 256]],
  ['gconv3.mlp_node_ncov.0.bias', [256]],
  ['gconv3.mlp_node_ncov.3.weight', [256]],
  ['gconv3.mlp_node_ncov.3.bias', [256]],
  ['gconv3.mlp_node_ncov.3.running_mean', [256]],
  ['gconv3.mlp_node_ncov.3.running_var', [256]],
  ['gconv3.mlp_node_ncov.3.num_batches_tracked', []],
  ['gconv3.mlp_coord_cov.0.weight', [256, 9]],
  ['gconv3.mlp_coord_cov.0.bias', [256]],
  ['gconv3.mlp_coord_ncov.0.weight', [256, 9]],
  ['gconv3.mlp_coord_ncov.0.bias', [256]],
  ['fc.predict.0.weight', [256, 256]],
  ['fc.predict.0.bias', [256]],
  ['fc.predict.3.weight', [256]],
  ['fc.predict.3.bias', [256]],
  ['fc.predict.3.running_mean', [256]],
  ['fc.predict.3.running_var', [256]],
  ['fc.predict.3.num_batches_tracked', []],
  ['fc.predict.4.weight', [256, 256]],
  ['fc.predict.4.bias', [256]],
  ['fc.predict.7.weight', [256]],
  ['fc.predict.7.bias', [256]],
  ['fc.predict.7.running_mean', [256]],
  ['fc.predict.7.running_var', [256]],
  ['fc.predict.7.num_batches_tracked', []],
  ['fc.predict.8.weight', [256, 256]],
  ['fc.predict.8.bias', [256]],
  ['fc.predict.11.weight', [256]],
  ['fc.predict.11.bias', [256]],
  ['fc.predict.11.running_mean', [256]],
  ['fc.predict.11.running_var', [256]],
  ['fc.predict.11.num_batches_tracked', []],
  ['fc.predict.12.weight', [1, 256]],
  ['fc.predict.12.bias', [1]],
];

// Values printed by the same numpy loader: first and last element and the float64 sum of three tensors, and
// gconv1.mlp_node_cov.3.num_batches_tracked, per run.
const EXPECTED = [
  {
    lin: [-0.24269326031208038, -0.03273313120007515, -23.94805413596623],
    bias: 0.37056899070739746,
    rv: [1.3867686986923218, 1.3633582592010498, 381.59912380576134],
    nbt: 49569n,
  },
  {
    lin: [-0.16219036281108856, 0.16037945449352264, -9.98016868159175],
    bias: 0.444126158952713,
    rv: [2.747948408126831, 1.737949252128601, 333.57009325921535],
    nbt: 38967n,
  },
  {
    lin: [-0.11180856078863144, 0.06472102552652359, 8.457929197130397],
    bias: 0.3428020775318146,
    rv: [0.5517457723617554, 0.4091390371322632, 252.80748312547803],
    nbt: 17763n,
  },
];

function summary(data: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  return [data[0]!, data[data.length - 1]!, sum];
}

describe.skipIf(!have)('GIGN checkpoints (shared data)', () => {
  for (const r of [0, 1, 2]) {
    it(`repeat${r}.pt: 79 tensors with the published keys, shapes and values`, async () => {
      const sd = await readTorchStateDictFile(file(r));
      expect([...sd.keys()]).toEqual(KEYS.map(([k]) => k));
      for (const [k, dims] of KEYS) {
        const t = sd.get(k)!;
        expect(t.dims, k).toEqual(dims);
        expect(t.dtype, k).toBe(k.endsWith('num_batches_tracked') ? 'int64' : 'float32');
        expect(t.data.length, k).toBe(dims.reduce((a, b) => a * b, 1));
      }
      const e = EXPECTED[r]!;
      const lin = summary(sd.get('lin_node.0.weight')!.data as Float32Array);
      expect(lin[0]).toBe(e.lin[0]);
      expect(lin[1]).toBe(e.lin[1]);
      expect(lin[2]).toBeCloseTo(e.lin[2]!, 9);
      expect(sd.get('fc.predict.12.bias')!.data[0]).toBe(e.bias);
      const rv = summary(sd.get('gconv3.mlp_node_ncov.3.running_var')!.data as Float32Array);
      expect(rv[0]).toBe(e.rv[0]);
      expect(rv[1]).toBe(e.rv[1]);
      expect(rv[2]).toBeCloseTo(e.rv[2]!, 9);
      expect(sd.get('gconv1.mlp_node_cov.3.num_batches_tracked')!.data[0]).toBe(e.nbt);
    });
  }

  it('a truncated checkpoint is refused as truncated at every cut', async () => {
    const bytes = readFileSync(file(0));
    for (const cut of [
      4,
      100,
      12_000,
      12_300,
      1_000_000,
      bytes.length - 3000,
      bytes.length - 22,
      bytes.length - 1,
    ]) {
      const err = await readTorchStateDict(bytes.subarray(0, cut), { source: 'cut.pt' }).catch(
        (e: unknown) => e,
      );
      expect(isCheckpointError(err), `cut at ${cut}`).toBe(true);
      expect((err as { code: string }).code, `cut at ${cut}`).toBe('CHECKPOINT_TRUNCATED');
    }
  });

  it('a flipped byte inside a tensor blob fails the CRC check', async () => {
    const bytes = Buffer.from(readFileSync(file(0)));
    bytes[20_000] = bytes[20_000]! ^ 0x40; // inside archive/data/0 (entry data starts at 12228 + header)
    await expect(readTorchStateDict(bytes, { source: 'flipped.pt' })).rejects.toMatchObject({
      code: 'CHECKPOINT_CORRUPT',
      details: { entry: 'archive/data/0' },
    });
  });

  it('a budget smaller than the weights is refused before reading them', async () => {
    await expect(readTorchStateDictFile(file(0), { maxBytes: 1_000_000 })).rejects.toMatchObject({
      code: 'CHECKPOINT_TOO_LARGE',
    });
  });
});
