/** The `compass` program: one file per command, each registered here. */
import { Command, CommanderError } from 'commander';
import { registerEvaluate } from './evaluate.js';
import { registerInspect } from './inspect.js';
import { registerTrain } from './train.js';
import { registerPredict } from './predict.js';
import { registerBatch } from './batch.js';
import { registerImport } from './import.js';
import { registerInfo } from './info.js';
import { processIO, type CliIO } from './io.js';

/** Version the CLI prints; kept equal to the package's VERSION by a test (importing index would load onnxruntime). */
export const CLI_VERSION = '0.1.0';

/**
 * Run the CLI with `argv` (without the node and script entries) and return the exit code; output goes to `io`.
 *
 * @example
 * const code = await runCli(['inspect', '--protein', 'p.pdb', '--ligand', 'l.sdf', '--json']);
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let exit = 0;
  const program = new Command('compass')
    .description('COMPASS: protein-ligand binding affinity tools')
    .version(CLI_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerInspect(program, io, (code) => (exit = code));
  registerTrain(program, io, (code) => (exit = code));
  registerEvaluate(program, io, (code) => (exit = code));
  registerPredict(program, io, (code) => (exit = code));
  registerBatch(program, io, (code) => (exit = code));
  registerInfo(program, io, (code) => (exit = code));
  registerImport(program, io, (code) => (exit = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return exit;
}
