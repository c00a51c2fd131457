/** The `compass import` command: PyTorch checkpoints (never unpickled as code) to a standard model package. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importGignCheckpoints, type GignCheckpointSource } from '../model-import/gign-import.js';
import { PUBLISHED_GIGN_CARD, publishedGignRun } from '../model-import/gign-published.js';
import type { CliIO } from './io.js';
import { reportCliError } from './predict-model.js';

/** Options as commander hands them over. */
export interface ImportFlags {
  arch: string;
  out?: string;
  name?: string;
  json?: boolean;
}

/**
 * Run `import` and return the exit code: 0 when the package is written, 1 on a typed error (a file that is not a
 * safe state dict, or not the architecture), 2 on bad flags. Checkpoints whose SHA-256 is one of the published
 * GIGN runs get the published card (description, licence, training data, figures).
 */
export async function runImport(files: readonly string[], flags: ImportFlags, io: CliIO): Promise<number> {
  if (flags.arch !== 'gign') {
    io.err(`compass import: --arch must be gign, got "${flags.arch}"`);
    return 2;
  }
  if (!flags.out || files.length === 0) {
    io.err('compass import: give one or more checkpoint files and --out <dir>');
    return 2;
  }
  try {
    const sources: GignCheckpointSource[] = [];
    let allPublished = true;
    for (const path of files) {
      const sha = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      const run = publishedGignRun(sha);
      allPublished &&= run !== undefined;
      sources.push(run ? { path, name: run.name, metrics: run.metrics } : { path });
    }
    const card = await importGignCheckpoints(sources, flags.out, {
      ...(flags.name ? { name: flags.name } : {}),
      ...(allPublished ? PUBLISHED_GIGN_CARD : {}),
      onProgress: (done, total, file) => {
        if (!flags.json) io.err(`read ${done}/${total}: ${file}`);
      },
    });
    if (flags.json) io.out(JSON.stringify(card));
    else
      io.out(
        `model package ${card.name} (${card.id}) written to ${flags.out}: gign, ${files.length} member${files.length > 1 ? 's' : ''}${allPublished ? ', published GIGN runs' : ''}`,
      );
    return 0;
  } catch (e) {
    return reportCliError(e, io, 'import', flags.json);
  }
}

/** Add `import` to a program; `setExit` receives the exit code. */
export function registerImport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('import')
    .description(
      'import PyTorch state-dict checkpoints (read without running pickle) as a model package; several files make an ensemble',
    )
    .argument('<checkpoints...>', 'torch.save(state_dict) files')
    .option('--arch <name>', 'architecture of the checkpoints', 'gign')
    .requiredOption('--out <dir>', 'model package folder to write')
    .option('--name <name>', 'model name in the card')
    .option('--json', 'print the card as one JSON object')
    .action(async (files: string[], flags: ImportFlags) => setExit(await runImport(files, flags, io)));
}
