/** Parameter files: round trip, safetensors layout, checksum, name and shape checks, atomic writes. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeParams, encodeParams, loadParams, saveParams } from '../../src/params/index.js';
import { hostTensor } from '../../src/runtime/host-tensor.js';

const dir = await mkdtemp(join(tmpdir(), 'compass-params-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const tensors = {
  w: hostTensor('float32', [2, 3], [1, 2, 3, 4, 5, 6.5]),
  b: hostTensor('float32', [3], [-1, 0, 1]),
};
const shapes = { w: { shape: [2, 3] }, b: { shape: [3] } };

describe('parameter files', () => {
  it('round-trips through disk with metadata, leaving no temporary file', async () => {
    const path = join(dir, 'p.safetensors');
    await saveParams(path, tensors, { target_mean: '6.4' });
    const f = await loadParams(path, shapes);
    expect(Array.from(f.tensors.w!.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6.5]);
    expect(f.tensors.w!.dims).toEqual([2, 3]);
    expect(Array.from(f.tensors.b!.data as Float32Array)).toEqual([-1, 0, 1]);
    expect(f.metadata.target_mean).toBe('6.4');
    expect(f.metadata.format).toBe('compass-params/1');
    expect(await readdir(dir)).toEqual(['p.safetensors']);
  });

  it('uses the safetensors layout: LE u64 header length, padded JSON header, sorted data offsets', () => {
    const bytes = encodeParams(tensors);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString()) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: number[] }
    >;
    expect(header.b).toEqual({ dtype: 'F32', shape: [3], data_offsets: [0, 12] });
    expect(header.w).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [12, 36] });
    expect(bytes.length).toBe(8 + n + 36);
    expect(new Float32Array(bytes.slice(8 + n, 8 + n + 12).buffer)).toEqual(new Float32Array([-1, 0, 1]));
  });

  it('rejects a corrupted data byte by checksum', async () => {
    const bytes = encodeParams(tensors);
    bytes[bytes.length - 1]! ^= 1;
    const path = join(dir, 'bad.safetensors');
    await writeFile(path, bytes);
    await expect(loadParams(path)).rejects.toMatchObject({ code: 'PARAMS_CHECKSUM_MISMATCH' });
  });

  it('rejects missing or extra names and wrong shapes', async () => {
    const path = join(dir, 'q.safetensors');
    await saveParams(path, tensors);
    await expect(loadParams(path, { w: { shape: [2, 3] } })).rejects.toMatchObject({
      code: 'PARAMS_NAME_MISMATCH',
      message: expect.stringContaining('unexpected [b]'),
    });
    await expect(loadParams(path, { ...shapes, c: { shape: [1] } })).rejects.toMatchObject({
      code: 'PARAMS_NAME_MISMATCH',
      message: expect.stringContaining('missing [c]'),
    });
    await expect(loadParams(path, { ...shapes, w: { shape: [3, 2] } })).rejects.toMatchObject({
      code: 'PARAMS_SHAPE_MISMATCH',
    });
  });

  it('rejects truncated files, non-float32 tensors and bad headers', async () => {
    expect(() => decodeParams(new Uint8Array(4))).toThrow(
      expect.objectContaining({ code: 'PARAMS_BAD_FORMAT' }),
    );
    const bytes = encodeParams(tensors);
    expect(() => decodeParams(bytes.subarray(0, 20))).toThrow(
      expect.objectContaining({ code: 'PARAMS_BAD_FORMAT' }),
    );
    expect(() => encodeParams({ x: hostTensor('float64', [1], [1]) })).toThrow(
      expect.objectContaining({ code: 'PARAMS_UNSUPPORTED_DTYPE' }),
    );
    const path = join(dir, 'r.safetensors');
    await saveParams(path, tensors);
    const raw = new Uint8Array(await readFile(path));
    raw[8] = 0x20; // breaks the opening brace of the JSON header
    expect(() => decodeParams(raw)).toThrow(expect.objectContaining({ code: 'PARAMS_BAD_FORMAT' }));
  });
});
