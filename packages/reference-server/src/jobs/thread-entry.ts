/** Entry of an in-process job thread: loads the handlers, runs one job at a time, reports over the port. */
import { parentPort, workerData } from 'node:worker_threads';
import { ScaleError } from './errors.js';
import { makeJobContext, runAttempt } from './job-context.js';
import type { JobHandlers } from './job.js';
import type { FromThread, ToThread } from './thread-protocol.js';
import type { ControlGate } from './control-gate.js';

const port = parentPort;
if (!port) throw new Error('thread-entry runs only as a worker thread');
const send = (m: FromThread) => port.postMessage(m);
const gates = new Map<string, ControlGate>();

async function loadHandlers(): Promise<JobHandlers> {
  const module = (workerData as { handlersModule?: string } | undefined)?.handlersModule;
  if (module) return ((await import(module)) as { jobHandlers: JobHandlers }).jobHandlers;
  return (await import('./builtin-handlers.js')).builtinJobHandlers;
}

const handlersReady = loadHandlers();

port.on('message', (m: ToThread) => {
  if (m.type === 'control') return gates.get(m.jobId)?.apply(m.action);
  void (async () => {
    const { info } = m;
    try {
      const handler = (await handlersReady)[info.kind];
      if (!handler) throw new ScaleError('JOB_HANDLER_MISSING', `no handler for job kind ${info.kind}`);
      const { ctx, gate } = makeJobContext(info, {
        emit: (event) => send({ type: 'event', event }),
        saveCheckpoint: async (state) => send({ type: 'checkpoint', jobId: info.jobId, state }),
      });
      gates.set(info.jobId, gate);
      const outcome = await runAttempt(handler, ctx, gate);
      send({ type: 'done', jobId: info.jobId, outcome });
    } catch (e) {
      send({ type: 'error', jobId: info.jobId, message: e instanceof Error ? e.message : String(e) });
    } finally {
      gates.delete(info.jobId);
    }
  })();
});

void handlersReady.then(
  () => send({ type: 'ready' }),
  (e: unknown) => {
    throw e;
  },
);
