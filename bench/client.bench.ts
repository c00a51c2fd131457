/**
 * Client overhead: `CompassClient.health()` and `createCompass().predict()` (remote tier through the balancer)
 * against a raw `fetch` of the same route on a real local server, measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { CompassClient } from '@compass/sdk/client';
import { createCompass } from '@compass/sdk/engine';
import { sharedDataAvailable } from '../support/shared-data.js';
import { startLocalStack } from '../examples/lib/local-stack.js';
import { batchPose, batchReceptor } from '../examples/lib/flashdock.js';

async function time(label: string, n: number, f: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await f(); // warm-up
  const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  const us = ((performance.now() - t) / n) * 1000;
  console.log(`${label.padEnd(48)} ${us.toFixed(0).padStart(7)} µs/call`);
  return us;
}

/** Prints per-call latency of raw fetch vs the typed client vs the facade, and the ratios. */
export async function run(): Promise<void> {
  const stack = await startLocalStack({ servers: 1 });
  try {
    const url = stack.servers[0]!.url;
    const auth = { authorization: `Bearer ${stack.apiKey}` };
    const client = new CompassClient({ baseUrl: url, apiKey: stack.apiKey });
    const raw = await time('GET /health raw fetch (baseline)', 500, async () =>
      (await fetch(`${url}/health`, { headers: auth })).json(),
    );
    const typed = await time('GET /health CompassClient', 500, () => client.health());
    console.log(`client overhead ratio ${(typed / raw).toFixed(2)}x`);
    if (!sharedDataAvailable()) return;
    const body = JSON.stringify({
      protein: { format: 'pdb', text: readFileSync(batchReceptor(4), 'utf8') },
      ligand: { format: 'sdf', text: readFileSync(batchPose(4, 1), 'utf8') },
    });
    const rawPredict = await time('POST predict raw fetch (baseline)', 50, async () =>
      (
        await fetch(`${url}/api/v1/inference/predict`, {
          method: 'POST',
          body,
          headers: { ...auth, 'content-type': 'application/json' },
        })
      ).json(),
    );
    const compass = createCompass({ url, apiKey: stack.apiKey });
    const input = { protein: { path: batchReceptor(4) }, ligand: { path: batchPose(4, 1) } };
    const facade = await time('predict via createCompass (remote tier)', 50, () => compass.predict(input));
    console.log(`facade overhead ratio ${(facade / rawPredict).toFixed(2)}x (includes reading both files)`);
    await compass.close();
  } finally {
    await stack.close();
  }
}
