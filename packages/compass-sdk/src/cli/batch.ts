/** The `compass batch` command: many complexes (a CSV manifest, or one protein and a multi-record ligand file) to CSV/JSON. */
import { writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { splitCsvLine } from '../datasets/manifest.js';
import { isCompassError } from '../errors.js';
import { PredictorError } from '../predictor/errors.js';
import type { ComplexInput } from '../predictor/contract.js';
import { readLigands, readProtein } from '../structure/formats.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
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
export interface BatchFlags extends ModelFlags {
  manifest?: string;
  protein?: string;
  ligand?: string;
  out?: string;
  format?: string;
  progress?: boolean;
}

/** One output row. */
export interface BatchRow {
  id: string;
  protein: string;
  ligand: string;
  name: string;
  index: number;
  pK?: number;
  uncertainty?: number;
  model?: string;
  error?: { code: string; message: string };
}

interface Pair {
  readonly id: string;
  readonly protein: string;
  readonly ligand: string;
}

const CHUNK = 64;

async function readPairs(flags: BatchFlags): Promise<Pair[]> {
  if (!flags.manifest) return [{ id: '1', protein: flags.protein!, ligand: flags.ligand! }];
  // by handle with a byte cap: a FIFO or a device named as the manifest fails at once instead of hanging
  const text = (await readRegularFile(flags.manifest)).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const head = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const [pi, li, ii] = ['protein', 'ligand', 'id'].map((c) => head.indexOf(c)) as [number, number, number];
  if (pi < 0 || li < 0)
    throw new PredictorError(
      'PREDICTOR_BAD_INPUT',
      `${flags.manifest}: the header needs protein and ligand columns`,
    );
  const base = dirname(flags.manifest);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return lines.slice(1).map((l, r) => {
    const cells = splitCsvLine(l);
    return {
      id: (ii >= 0 ? cells[ii] : undefined) || String(r + 1),
      protein: abs(cells[pi] ?? ''),
      ligand: abs(cells[li] ?? ''),
    };
  });
}

function csvCell(v: unknown): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV with the header id,protein,ligand,name,index,pK,uncertainty,model,error_code,error. */
export function batchRowsToCsv(rows: readonly BatchRow[]): string {
  const head = 'id,protein,ligand,name,index,pK,uncertainty,model,error_code,error';
  const body = rows.map((r) =>
    [
      r.id,
      r.protein,
      r.ligand,
      r.name,
      r.index,
      r.pK,
      r.uncertainty,
      r.model,
      r.error?.code,
      r.error?.message,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[head, ...body].join('\n')}\n`;
}

/**
 * Run `batch`: 0 when every record was predicted, 3 when some failed (their rows carry the error), 1 when none
 * was or the model could not be loaded, 2 for bad options. Progress goes to stderr (when it is a terminal).
 */
export async function runBatch(flags: BatchFlags, io: CliIO): Promise<number> {
  const usage = (m: string) => (io.err(`compass batch: ${m}`), EXIT_USAGE);
  const bad = checkProvider(flags.provider);
  if (bad) return usage(bad);
  if (!flags.manifest && !(flags.protein && flags.ligand))
    return usage('give --manifest FILE, or --protein FILE and --ligand FILE');
  const format = flags.format ?? (flags.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') return usage(`--format must be csv or json, got "${format}"`);
  let predictor;
  try {
    const pairs = await readPairs(flags);
    predictor = await openCliPredictor(flags, io, 'batch');
    const proteins = new Map<string, Promise<PdbStructure>>();
    const rows: BatchRow[] = [];
    const inputs: { row: BatchRow; input: ComplexInput }[] = [];
    for (const pair of pairs) {
      const base = { id: pair.id, protein: pair.protein, ligand: pair.ligand };
      try {
        if (!proteins.has(pair.protein)) proteins.set(pair.protein, readProtein(pair.protein));
        const [protein, ligands] = await Promise.all([proteins.get(pair.protein)!, readLigands(pair.ligand)]);
        for (const ligand of ligands.records) {
          const row: BatchRow = { ...base, name: ligand.name, index: ligand.index };
          rows.push(row);
          inputs.push({ row, input: { protein, ligand, id: ligand.name } });
        }
      } catch (e) {
        if (!isCompassError(e)) throw e;
        rows.push({ ...base, name: '', index: -1, error: { code: e.code, message: e.message } });
      }
    }
    const bar =
      flags.progress !== false && inputs.length > 0
        ? new SingleBar({
            stream: process.stderr,
            format: 'compass batch |{bar}| {value}/{total} complexes | {speed}/s | ETA {eta_formatted}',
          })
        : undefined;
    bar?.start(inputs.length, 0, { speed: '-' });
    const t0 = performance.now();
    for (let s = 0; s < inputs.length; s += CHUNK) {
      const chunk = inputs.slice(s, s + CHUNK);
      const out = await predictor.predictBatchSettled(chunk.map((c) => c.input));
      out.forEach((o, i) => {
        const row = chunk[i]!.row;
        if (o.ok) {
          row.pK = o.prediction.pK;
          if (o.prediction.uncertainty !== undefined) row.uncertainty = o.prediction.uncertainty;
          row.model = o.prediction.model;
        } else row.error = { code: errorCode(o.error), message: o.error.message };
      });
      const done = Math.min(inputs.length, s + CHUNK);
      bar?.update(done, { speed: (done / ((performance.now() - t0) / 1000)).toFixed(1) });
    }
    bar?.stop();
    const text =
      format === 'json'
        ? `${JSON.stringify({ model: predictor.name, results: rows })}\n`
        : batchRowsToCsv(rows);
    if (flags.out) await writeFile(flags.out, text);
    else io.out(text);
    const failed = rows.filter((r) => r.error).length;
    io.err(
      `compass batch: ${rows.length - failed} predicted, ${failed} failed${flags.out ? `, written to ${flags.out}` : ''}`,
    );
    if (failed === 0) return 0;
    return failed < rows.length ? EXIT_PARTIAL : 1;
  } catch (e) {
    return reportCliError(e, io, 'batch');
  } finally {
    await predictor?.close();
  }
}

/** Add `batch` to a program; `setExit` receives the exit code. */
export function registerBatch(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('batch')
    .description(
      'predict many complexes: a CSV manifest (protein,ligand[,id]) or one protein with a multi-record ligand file',
    )
    .option(
      '--manifest <file>',
      'CSV with protein and ligand columns (paths relative to the file) and an optional id',
    )
    .option('--protein <file>', 'protein or pocket, with --ligand')
    .option('--ligand <file>', 'ligand file with any number of records, with --protein')
    .option(
      '--model <dir...>',
      'model package folder(s); several give an ensemble (default: the bundled model)',
    )
    .option('--provider <name>', 'execution provider: cpu or cuda (falls back to cpu with a warning)', 'cpu')
    .option('--out <file>', 'write results here (default stdout)')
    .option('--format <csv|json>', 'output format (default: from --out, else csv)')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags: BatchFlags) => setExit(await runBatch(flags, io)));
}
