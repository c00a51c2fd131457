#!/usr/bin/env node
/** Entry point of the `compass-worker` binary. */
import { buildWorkerProgram } from './program.js';

buildWorkerProgram({
  out: (text) => void process.stdout.write(text),
  onSignal: (signal, handler) => void process.once(signal, handler),
})
  .parseAsync(process.argv)
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    process.stderr.write(`compass-worker: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
