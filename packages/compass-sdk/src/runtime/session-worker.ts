/** Worker-thread entry: owns onnxruntime sessions so that runs never block the caller's thread. */
import { parentPort } from 'node:worker_threads';
import { isCompassError } from '../errors.js';
import { type ModelSession, createLocalSession } from './session.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const sessions = new Map<number, ModelSession>();
let next = 1;

async function handle(req: WorkerRequest): Promise<{ reply: WorkerReply; transfer: ArrayBuffer[] }> {
  if (req.type === 'open') {
    const s = await createLocalSession(req.onnx, req.settings);
    const id = next++;
    sessions.set(id, s);
    const reply: WorkerReply = {
      id: req.id,
      ok: true,
      session: id,
      provider: s.provider,
      warnings: s.warnings,
      inputNames: s.inputNames,
      outputNames: s.outputNames,
    };
    return { reply, transfer: [] };
  }
  const s = sessions.get(req.session);
  if (!s)
    return {
      reply: { id: req.id, ok: false, code: 'RUNTIME_CLOSED', message: 'no such session' },
      transfer: [],
    };
  if (req.type === 'release') {
    sessions.delete(req.session);
    await s.release();
    return { reply: { id: req.id, ok: true }, transfer: [] };
  }
  const outputs = await s.run(req.feeds);
  // Results are copied out of onnxruntime's buffers into fresh ones that can be moved, not cloned.
  const transfer: ArrayBuffer[] = [];
  const moved: typeof outputs = {};
  for (const [k, t] of Object.entries(outputs)) {
    const data = t.data.slice() as typeof t.data;
    transfer.push(data.buffer as ArrayBuffer);
    moved[k] = { dtype: t.dtype, dims: t.dims, data };
  }
  return { reply: { id: req.id, ok: true, outputs: moved }, transfer };
}

parentPort?.on('message', (req: WorkerRequest) => {
  handle(req).then(
    ({ reply, transfer }) => parentPort!.postMessage(reply, transfer),
    (e: unknown) =>
      parentPort!.postMessage({
        id: req.id,
        ok: false,
        code: isCompassError(e) ? e.code : 'RUNTIME_RUN_FAILED',
        message: e instanceof Error ? e.message : String(e),
      } satisfies WorkerReply),
  );
});
