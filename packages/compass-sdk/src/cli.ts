#!/usr/bin/env node
/** Entry point of the `compass` command line. */
import { runCli } from './cli/program.js';

// No top-level await: tsup also builds this entry as CommonJS.
void runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
