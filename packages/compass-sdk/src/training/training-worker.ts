/** Worker-thread entry of a training run: runs {@link runTraining} and relays its events and control. */
import { parentPort } from 'node:worker_threads';
import { isCompassError } from '../errors.js';
import { StepGate } from './run-control.js';
import { runTraining } from './run-training.js';
import type { TrainingWorkerReply, TrainingWorkerRequest } from './worker-protocol.js';

const port = parentPort!;
const gate = new StepGate();
const post = (r: TrainingWorkerReply) => port.postMessage(r);

port.on('message', (req: TrainingWorkerRequest) => {
  if (req.type === 'pause') gate.pause();
  else if (req.type === 'resume') gate.resume();
  else if (req.type === 'stop') gate.stop();
  else
    runTraining(req.options, gate, (event) => post({ type: 'event', event }))
      .then((r) =>
        'stopped' in r
          ? post({ type: 'stopped', step: r.step, checkpoint: r.checkpoint })
          : post({ type: 'done', result: r }),
      )
      .catch((e: unknown) =>
        post({
          type: 'error',
          code: isCompassError(e) ? e.code : 'TRAINING_WORKER_FAILED',
          message: (e as Error).message,
          ...(isCompassError(e) && e.details ? { details: e.details } : {}),
        }),
      )
      .finally(() => port.close());
});
