/**
 * Example 6: failover. Three servers behind the registry; one is killed and requests move to the others; all are
 * stopped and predictions fall back to the in-process engine, then (engine failing) to the empirical scorer.
 * `npm run example -- failover`
 */
import { type CompassPredictResult, createCompass, type TierFallback } from '@compass/sdk/engine';
import { parseExampleFlags } from './lib/args.js';
import { defaultPair } from './lib/batch-inputs.js';
import { startLocalStack } from './lib/local-stack.js';

/** One phase of the demonstration: which tier and server served each call, and why it fell back. */
export interface FailoverPhase {
  readonly name: string;
  readonly servedBy: readonly string[];
  readonly tiers: readonly string[];
  readonly fallbacks: readonly (readonly TierFallback[])[];
  readonly pK: readonly number[];
  readonly models: readonly string[];
}

/** What the example returns (tests check it). */
export interface FailoverResult {
  readonly servers: readonly string[];
  readonly killed: string;
  readonly phases: readonly FailoverPhase[];
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<FailoverResult> {
  parseExampleFlags(args);
  const stack = await startLocalStack({ servers: 3 });
  // FLASH-DOCK receptor4 x ligand1 with the shared data, else the committed tyk2 pose.
  const pair = defaultPair();
  const input = { protein: { path: pair.protein }, ligand: { path: pair.ligand } };
  const options = {
    registry: { url: stack.registryUrl },
    apiKey: stack.apiKey,
    // Round robin makes the spread over servers easy to see; failures eject a server after one try.
    balancer: { picker: 'round-robin' as const, outlier: { consecutiveFailures: 1, baseEjectionMs: 60_000 } },
  };
  const compass = createCompass(options);
  // The in-process engine fails here on purpose, to show the last step of the chain.
  const failingEngine = createCompass({
    ...options,
    engine: () => Promise.reject(new Error('simulated: the in-process engine ran out of memory')),
  });
  const phases: FailoverPhase[] = [];
  const phase = async (name: string, calls: number, c = compass) => {
    const results: CompassPredictResult[] = [];
    for (let i = 0; i < calls; i++) results.push(await c.predict(input));
    const p: FailoverPhase = {
      name,
      servedBy: results.map((r) => r.servedBy),
      tiers: results.map((r) => r.tier),
      fallbacks: results.map((r) => r.fallbacks),
      pK: results.map((r) => r.predictions[0]!.pK),
      models: results.map((r) => r.model),
    };
    phases.push(p);
    log(`${name}:`);
    results.forEach((r) =>
      log(
        `  ${r.tier.padEnd(10)} ${r.servedBy.padEnd(24)} pK ${r.predictions[0]!.pK.toFixed(2)}` +
          r.fallbacks.map((f) => `  [${f.tier}: ${f.reason}${f.code ? ` ${f.code}` : ''}]`).join(''),
      ),
    );
    return p;
  };
  try {
    await compass.waitForEndpoints(3);
    await failingEngine.waitForEndpoints(3);
    await phase('all three servers up', 6);
    const victim = stack.servers[0]!;
    await victim.kill();
    log(`killed ${victim.url}`);
    await phase('one server killed', 6);
    for (const s of stack.servers.slice(1)) await s.kill();
    log('stopped every server');
    await phase('no server left', 1);
    await phase('no server and the engine failing', 1, failingEngine);
    return { servers: stack.servers.map((s) => s.url), killed: victim.url, phases };
  } finally {
    await compass.close();
    await failingEngine.close();
    await stack.close();
  }
}
