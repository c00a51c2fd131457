#!/usr/bin/env node
/** Entry point of the `compass` command line. */
import { runCli } from './cli/program.js';

process.exitCode = await runCli(process.argv.slice(2));
