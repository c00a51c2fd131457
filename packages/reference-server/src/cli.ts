#!/usr/bin/env node
/** Entry point of the `compass-server` binary. */
import { buildProgram } from './cli/program.js';

buildProgram({
  out: (text) => void process.stdout.write(text),
  onSignal: (signal, handler) => void process.once(signal, handler),
})
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`compass-server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
