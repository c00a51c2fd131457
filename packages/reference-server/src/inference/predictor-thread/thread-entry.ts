/**
 * Entry of a prediction thread: opens the model named in `workerData.model` (the sdk's VinaPredictor, or a model
 * package through loadPredictor, featurisation included) and answers each request with one outcome per complex.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type AffinityPredictor, isCompassError, loadPredictor, VinaPredictor } from '@compass/sdk/engine';
import { predictSettled } from '../predict-settled.js';
import { type ScoreReply, type ScoreRequest, type ThreadModel, type WireError } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('thread-entry runs only as a worker thread');
const model = ((workerData as { model?: ThreadModel } | undefined)?.model ?? { kind: 'vina' }) as ThreadModel;

const wire = (e: unknown): WireError => ({
  code: isCompassError(e) ? e.code : undefined,
  message: e instanceof Error ? e.message : String(e),
});

// per-atom shares so Vina predictions can carry `atomContributions` (the console colours the ligand by them)
const opened: Promise<AffinityPredictor> =
  model.kind === 'vina'
    ? Promise.resolve(new VinaPredictor({ perAtom: true }) as unknown as AffinityPredictor)
    : loadPredictor(model.dir, model.options);

port.on('message', (m: ScoreRequest) => {
  void opened
    .then((predictor) => predictSettled(predictor, m.inputs))
    .then(
      (outcomes) => outcomes.map((o) => (o.ok ? o : { ok: false as const, error: wire(o.error) })),
      (e: unknown) => m.inputs.map(() => ({ ok: false as const, error: wire(e) })),
    )
    .then((outcomes) => port.postMessage({ id: m.id, outcomes } satisfies ScoreReply));
});
opened.then(
  () => port.postMessage('ready'),
  (e: unknown) => port.postMessage({ failed: wire(e) }),
);
