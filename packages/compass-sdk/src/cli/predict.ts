/** The `compass predict` command: one protein, one ligand file (any number of records), one prediction each. */
import type { Command } from 'commander';
import { readComplexFiles } from '../predictor/inputs.js';
import type { CliIO } from './io.js';
import {
  EXIT_PARTIAL,
  EXIT_USAGE,
  type ModelFlags,
  checkProvider,
  errorCode,
  openCliPredictor,
  reportCliError,
} from './predict-model.js';

/** Options as commander hands them over. */
export interface PredictFlags extends ModelFlags {
  protein: string;
  ligand: string;
  json?: boolean;
}

/** One line of `--json` output. */
export interface PredictJsonItem {
  readonly name: string;
  readonly index: number;
  readonly pK: number;
  readonly uncertainty?: number;
  readonly model: string;
}

/**
 * Run `predict` and return the exit code: 0 when every record was predicted, 3 when some failed (listed under
 * `errors` in JSON, on stderr otherwise), 1 when nothing could be predicted or a file or model could not be
 * loaded, 2 for bad options. With `json`, stdout holds exactly one JSON object:
 * `{ "predictions": [{ "name", "index", "pK", "uncertainty"?, "model" }], "errors"?: [{ "name", "index", "code", "message" }] }`.
 */
export async function runPredict(flags: PredictFlags, io: CliIO): Promise<number> {
  const bad = checkProvider(flags.provider);
  if (bad) {
    io.err(`compass predict: ${bad}`);
    return EXIT_USAGE;
  }
  let predictor;
  try {
    const inputs = await readComplexFiles(flags.protein, flags.ligand);
    // Records the parser skipped would otherwise vanish from the output without a word.
    for (const d of inputs.diagnostics)
      if (d.severity === 'error') io.err(`compass predict: ${flags.ligand}: ${d.message} [${d.code}]`);
    predictor = await openCliPredictor(flags, io, 'predict');
    const outcomes = await predictor.predictBatchSettled(inputs.complexes);
    const predictions: PredictJsonItem[] = [];
    const errors: { name: string; index: number; code: string; message: string }[] = [];
    outcomes.forEach((o, i) => {
      const c = inputs.complexes[i]!;
      if (o.ok) {
        const p = o.prediction;
        predictions.push({
          name: c.name,
          index: c.index,
          pK: p.pK,
          ...(p.uncertainty !== undefined ? { uncertainty: p.uncertainty } : {}),
          model: p.model,
        });
      } else
        errors.push({ name: c.name, index: c.index, code: errorCode(o.error), message: o.error.message });
    });
    if (flags.json) io.out(JSON.stringify({ predictions, ...(errors.length > 0 ? { errors } : {}) }));
    else {
      const w = Math.max(4, ...predictions.map((p) => p.name.length));
      io.out(`${'name'.padEnd(w)}  ${'pK'.padStart(6)}  ${'+/-'.padStart(5)}  model`);
      for (const p of predictions)
        io.out(
          `${p.name.padEnd(w)}  ${p.pK.toFixed(2).padStart(6)}  ${(p.uncertainty !== undefined ? p.uncertainty.toFixed(2) : '-').padStart(5)}  ${p.model}`,
        );
    }
    for (const e of errors)
      io.err(`compass predict: record ${e.index} "${e.name}": ${e.message} [${e.code}]`);
    if (errors.length === 0) return 0;
    return predictions.length > 0 ? EXIT_PARTIAL : 1;
  } catch (e) {
    return reportCliError(e, io, 'predict', flags.json);
  } finally {
    await predictor?.close();
  }
}

/** Add `predict` to a program; `setExit` receives the exit code. */
export function registerPredict(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('predict')
    .description('predict binding affinity (pK) for each ligand record against a protein')
    .requiredOption('--protein <file>', 'protein or pocket (PDB, PDBQT; .gz allowed)')
    .requiredOption('--ligand <file>', 'ligand poses (SDF/MOL with any number of records, MOL2, PDB, PDBQT)')
    .option(
      '--model <dir...>',
      'model package folder(s); several give an ensemble (default: the bundled model)',
    )
    .option('--provider <name>', 'execution provider: cpu or cuda (falls back to cpu with a warning)', 'cpu')
    .option('--json', 'print one JSON object')
    .action(async (flags: PredictFlags) => setExit(await runPredict(flags, io)));
}
