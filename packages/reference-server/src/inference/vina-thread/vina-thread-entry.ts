/** Entry of a Vina scoring thread: scores each request's complexes with the sdk's VinaPredictor, one outcome each. */
import { parentPort } from 'node:worker_threads';
import { isCompassError, VinaPredictor, type AffinityPredictor } from '@compass/sdk';
import { predictSettled } from '../predict-settled.js';
import { type ScoreReply, type ScoreRequest, type WireError } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('vina-thread-entry runs only as a worker thread');
// per-atom shares so predictions can carry `atomContributions` (the console colours the ligand by them)
const vina = new VinaPredictor({ perAtom: true }) as unknown as AffinityPredictor;

const wire = (e: unknown): WireError => ({
  code: isCompassError(e) ? e.code : undefined,
  message: e instanceof Error ? e.message : String(e),
});

port.on('message', (m: ScoreRequest) => {
  void predictSettled(vina, m.inputs).then((outcomes) => {
    const reply: ScoreReply = {
      id: m.id,
      outcomes: outcomes.map((o) => (o.ok ? o : { ok: false, error: wire(o.error) })),
    };
    port.postMessage(reply);
  });
});
port.postMessage('ready');
