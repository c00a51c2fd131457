/** Property: any byte mutation of a valid checkpoint either reads or fails with a CheckpointError, never else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCheckpointError, readTorchStateDict } from '../../src/checkpoint/index.js';
import { f32, i64, smallCheckpoint, stateDictPickle, storedZip } from './build-checkpoint.js';

const base = smallCheckpoint();

describe('mutated checkpoints', () => {
  it('never throw anything but CheckpointError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.nat({ max: base.length }), { nil: undefined }),
        async (edits, cut) => {
          const bytes = Uint8Array.from(base);
          for (const [i, b] of edits) bytes[i] = b;
          try {
            const sd = await readTorchStateDict(cut === undefined ? bytes : bytes.subarray(0, cut));
            for (const t of sd.values()) expect(t.data.length).toBe(t.dims.reduce((a, b) => a * b, 1));
          } catch (e) {
            if (!isCheckpointError(e)) throw e;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('pickle-region mutations (the CRC bypassed by rebuilding the zip) also only give CheckpointError', async () => {
    const pkl = stateDictPickle([
      { key: 'w', storage: 'FloatStorage', storageKey: '0', numel: 6, size: [2, 3], stride: [3, 1] },
      { key: 'n', storage: 'LongStorage', storageKey: '1', numel: 1, size: [], stride: [] },
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: pkl.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (edits) => {
          const p = Uint8Array.from(pkl);
          for (const [i, b] of edits) p[i] = b;
          const zip = storedZip([
            ['archive/data.pkl', p],
            ['archive/data/0', f32([0, 1, 2, 3, 4, 5])],
            ['archive/data/1', i64([7n])],
          ]);
          try {
            await readTorchStateDict(zip);
          } catch (e) {
            if (!isCheckpointError(e)) throw e;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
