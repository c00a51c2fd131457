/** Provider selection on a CPU-only machine: CUDA and WebGPU requests fall back to CPU with one warning each. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { encodeModel } from '../../src/graph/index.js';
import { hostTensor } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';

function tinyModel(): Uint8Array {
  const g = new G.Graph();
  g.output('y', G.mul(g.input('x', 'float32', ['N']), 2));
  return encodeModel(g);
}

async function doubles(session: Awaited<ReturnType<typeof createLocalSession>>): Promise<number[]> {
  const out = await session.run({ x: hostTensor('float32', [3], [1, 2, 3]) });
  return Array.from(out.y!.data as Float32Array);
}

describe('execution providers', () => {
  it('cpu runs on cpu with no warning', async () => {
    const s = await createLocalSession(tinyModel(), { provider: 'cpu' });
    expect([s.provider, s.warnings]).toEqual(['cpu', []]);
    expect(await doubles(s)).toEqual([2, 4, 6]);
    await s.release();
  });

  it('cuda with a device id on a machine without the CUDA provider gives a CPU session and one warning naming the library', async () => {
    const s = await createLocalSession(tinyModel(), { provider: { name: 'cuda', deviceId: 0 } });
    expect(s.provider).toBe('cpu');
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      provider: 'cuda',
      missing: expect.stringMatching(/^libonnxruntime_providers_(shared|cuda)\.so$/),
    });
    expect(s.warnings[0]!.message).toContain(s.warnings[0]!.missing);
    expect(await doubles(s)).toEqual([2, 4, 6]);
    await s.release();
  });

  it('auto tries CUDA then WebGPU and reports CPU as the provider that runs', async () => {
    const s = await createLocalSession(tinyModel(), { provider: 'auto' });
    expect(s.provider).toBe('cpu');
    expect(s.warnings.map((w) => w.provider)).toEqual(['cuda', 'webgpu']);
    expect(s.warnings[1]!.missing).toMatch(/WebGPU adapter/);
    expect(await doubles(s)).toEqual([2, 4, 6]);
    await s.release();
  });

  it('a broken model fails with RUNTIME_SESSION_FAILED', async () => {
    await expect(createLocalSession(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      code: 'RUNTIME_SESSION_FAILED',
    });
  });
});
