/** The `compass evaluate` command: a model package scored on a dataset folder, pooled and per target. */
import type { Command } from 'commander';
import { openDatasetDir } from '../datasets/open-dataset.js';
import { isCompassError } from '../errors.js';
import { evaluateModelPackage } from '../training/evaluate.js';
import type { RegressionMetrics } from '../training/metrics.js';
import type { CliIO } from './io.js';

/** Options as commander hands them over. */
export interface EvaluateFlags {
  model: string;
  data: string;
  json?: boolean;
  batchSize: string;
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '-');
const row = (name: string, m: RegressionMetrics) =>
  `${name.padEnd(16)} ${String(m.n).padStart(5)} ${f3(m.rmse).padStart(7)} ${f3(m.mae).padStart(7)} ${f3(m.pearson).padStart(8)} ${f3(m.spearman).padStart(8)} ${f3(m.kendall).padStart(8)}`;

/** Run `evaluate` and return the exit code (0, or 1 on a typed error). */
export async function runEvaluate(flags: EvaluateFlags, io: CliIO): Promise<number> {
  try {
    // the operator's own dataset on the command line: its manifest may name files elsewhere on this machine
    const ds = await openDatasetDir(flags.data, { allowOutside: true });
    const ev = await evaluateModelPackage(flags.model, ds, { batchSize: Number(flags.batchSize) || 16 });
    if (flags.json) {
      io.out(
        JSON.stringify({
          model: ev.modelId,
          pooled: ev.pooled,
          perTarget: ev.perTarget,
          skipped: ev.skipped,
        }),
      );
      return 0;
    }
    const lines = [
      `model ${ev.modelId} on ${flags.data} (pK)`,
      `${'target'.padEnd(16)} ${'n'.padStart(5)} ${'RMSE'.padStart(7)} ${'MAE'.padStart(7)} ${'Pearson'.padStart(8)} ${'Spearman'.padStart(8)} ${'Kendall'.padStart(8)}`,
      row('pooled', ev.pooled),
      ...Object.entries(ev.perTarget).map(([t, m]) => row(t, m)),
    ];
    if (ev.skipped.length > 0)
      lines.push(`skipped ${ev.skipped.length}: ${ev.skipped.slice(0, 3).join('; ')}`);
    io.out(lines.join('\n'));
    return 0;
  } catch (e) {
    if (!isCompassError(e)) throw e;
    if (flags.json) io.out(JSON.stringify({ error: { code: e.code, message: e.message } }));
    io.err(`compass evaluate: ${e.message} [${e.code}]`);
    return 1;
  }
}

/** Add `evaluate` to a program; `setExit` receives the exit code. */
export function registerEvaluate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('evaluate')
    .description('score a model package on a labelled dataset folder: RMSE, MAE, Pearson, Spearman, Kendall')
    .requiredOption('--model <dir>', 'model package folder')
    .requiredOption('--data <dir>', 'dataset folder')
    .option('--batch-size <n>', 'complexes per inference run', '16')
    .option('--json', 'print one JSON object')
    .action(async (flags: EvaluateFlags) => setExit(await runEvaluate(flags, io)));
}
