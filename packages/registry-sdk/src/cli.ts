#!/usr/bin/env node
/** `compass-registry`: runs the registry REST API until SIGTERM/SIGINT. */
import { CommanderError } from 'commander';
import { planFromArgs, startupLine } from './cli/options.js';
import { startRegistryServer } from './http/server.js';

async function main(): Promise<void> {
  let plan;
  try {
    plan = planFromArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    throw err;
  }
  const server = await startRegistryServer({
    ...plan.server,
    onError: (err) => console.error('compass-registry: request failed:', err),
  });
  console.log(startupLine(server.url, plan));
  if (plan.generatedToken) {
    console.log(`compass-registry: no write token given; generated one for this run: ${plan.generatedToken}`);
  }
  const stop = (signal: NodeJS.Signals) => {
    console.log(`compass-registry: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('compass-registry: shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`compass-registry: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
