/** Sessions in a worker thread: same results as in-thread, provider warnings as events, responsiveness, cancellation. */
import { afterAll, describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { initParams } from '../../src/params/init.js';
import type { ProviderWarning } from '../../src/runtime/providers.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { SessionWorker } from '../../src/runtime/session-worker-host.js';
import { Trainer } from '../../src/runtime/trainer.js';
import { messagePassingModel, randomBatch } from '../graph/mp-model.js';

const worker = new SessionWorker();
afterAll(() => worker.terminate());

describe('session worker', () => {
  it('runs a program with the same results as an in-thread session, and emits the CUDA fallback warning once', async () => {
    const sizes = { types: 4, features: 8, rbf: 4, k: 4 };
    const model = messagePassingModel('edges', sizes);
    const { y: _y, ...inputs } = randomBatch(30, 90, 3, sizes, 1).edges;
    const feeds = {
      ...Object.fromEntries(Object.entries(initParams(model)).map(([k, v]) => [`param.${k}`, v])),
      ...inputs,
    };
    const onnx = G.buildInferenceProgram(model).onnx;
    const warnings: ProviderWarning[] = [];
    worker.on('warning', (w) => warnings.push(w));
    const remote = await worker.createSession(onnx, { provider: 'cuda' });
    const local = await createLocalSession(onnx);
    expect(remote.provider).toBe('cpu');
    expect(warnings.map((w) => [w.provider, w.code])).toEqual([['cuda', 'PROVIDER_UNAVAILABLE']]);
    expect(remote.outputNames).toEqual(['pred.y']);
    const [a, b] = [await remote.run(feeds), await local.run(feeds)];
    expect(Array.from(a['pred.y']!.data as Float32Array)).toEqual(
      Array.from(b['pred.y']!.data as Float32Array),
    );
    const { z: _z, ...missing } = feeds;
    await expect(remote.run(missing)).rejects.toMatchObject({
      code: 'RUNTIME_RUN_FAILED',
      message: expect.stringContaining('z'),
    });
    await Promise.all([remote.release(), local.release()]);
    await expect(remote.run(feeds)).rejects.toMatchObject({ code: 'RUNTIME_CLOSED' });
  });

  it('keeps the main thread responsive during a long training run, and cancels between steps', async () => {
    const sizes = { types: 4, features: 32, rbf: 8, k: 20 };
    const model = messagePassingModel('edges', sizes);
    const batch = randomBatch(2000, 40_000, 16, sizes, 2).edges;
    const program = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' } });
    const trainer = await Trainer.create(program, initParams(model), {
      factory: (o, s) => worker.createSession(o, s),
    });
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 2);
    const ac = new AbortController();
    trainer.on('step', (r) => {
      if (r.step === 6) ac.abort(new Error('enough'));
    });
    const started = performance.now();
    await expect(
      trainer.fit(
        Array.from({ length: 50 }, () => batch),
        { lr: (s) => 1e-3 / s, signal: ac.signal },
      ),
    ).rejects.toMatchObject({
      code: 'RUNTIME_ABORTED',
    });
    clearInterval(timer);
    const elapsed = performance.now() - started;
    expect(trainer.stepCount).toBe(6);
    // The steps really took a while (so the gap bound means something), yet no timer gap reached 100 ms.
    expect(elapsed).toBeGreaterThan(200);
    expect(maxGap).toBeLessThan(100);
    await trainer.close();
  });
});
