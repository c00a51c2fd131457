/** Reader and writer of RF-Score features CSVs (`pdbid,pK,f0..f35`, GIGN's layout), with errors naming the line. */
import { readFile } from 'node:fs/promises';
import { RfScoreError } from './errors.js';
import { RFSCORE_FEATURE_COUNT } from './features.js';

/** Rows of a features CSV, columnar. */
export interface RfScoreFeatureTable {
  readonly source: string;
  /** Row identifiers (`pdbid`), in file order. */
  readonly ids: readonly string[];
  /** pK per row; NaN for every row when the file has no `pK` column. */
  readonly pK: Float64Array;
  /** Row-major, {@link RFSCORE_FEATURE_COUNT} values per row. */
  readonly features: Float64Array;
  /** Whether the file had a `pK` column. */
  readonly labelled: boolean;
}

const FEATURE_HEADER = Array.from({ length: RFSCORE_FEATURE_COUNT }, (_, i) => `f${i}`);

function bad(source: string, line: number, message: string, column?: string): RfScoreError {
  return new RfScoreError('RFSCORE_BAD_CSV', `${source}:${line}: ${message}`, {
    details: { source, line, ...(column === undefined ? {} : { column }) },
  });
}

/**
 * Parse a features CSV: a header `pdbid,pK,f0,...,f35` (the `pK` column may be left out), then one row per complex
 * with a non-empty id, a finite pK and 36 finite, non-negative feature values. Blank lines are skipped.
 *
 * @example
 * const t = parseRfScoreCsv(readFileSync('train.csv', 'utf8'), 'train.csv');
 * console.log(t.ids.length, t.features.length / 36);
 * @throws {RfScoreError} RFSCORE_BAD_CSV naming the source, the 1-based line and the column of the first bad field.
 */
export function parseRfScoreCsv(text: string, source = '<csv>'): RfScoreFeatureTable {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((c) => c.trim());
  const labelled = header[1] === 'pK';
  const want = ['pdbid', ...(labelled ? ['pK'] : []), ...FEATURE_HEADER];
  if (header.length !== want.length || header.some((h, i) => h !== want[i])) {
    const at = header.findIndex((h, i) => h !== want[i]);
    throw bad(
      source,
      1,
      `header must be "pdbid,pK,f0,...,f35" (pK optional); column ${at + 1} is "${header[at] ?? ''}", expected "${want[at] ?? '(end of line)'}"`,
    );
  }
  const ids: string[] = [];
  const pK: number[] = [];
  const rows: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== want.length)
      throw bad(source, i + 1, `${cells.length} fields; the header has ${want.length}`);
    const id = cells[0]!.trim();
    if (id === '') throw bad(source, i + 1, 'empty pdbid', 'pdbid');
    ids.push(id);
    for (let c = 1; c < cells.length; c++) {
      const raw = cells[c]!.trim();
      const v = raw === '' ? Number.NaN : Number(raw);
      const column = want[c]!;
      if (!Number.isFinite(v)) throw bad(source, i + 1, `${column} "${raw}" is not a finite number`, column);
      if (column === 'pK') pK.push(v);
      else if (v < 0)
        throw bad(source, i + 1, `${column} ${raw} is negative (features are pair counts)`, column);
      else rows.push(v);
    }
  }
  if (ids.length === 0) throw bad(source, 1, 'no data rows');
  return {
    source,
    ids,
    pK: labelled ? Float64Array.from(pK) : new Float64Array(ids.length).fill(Number.NaN),
    features: Float64Array.from(rows),
    labelled,
  };
}

/**
 * Read and parse a features CSV file.
 *
 * @throws {RfScoreError} RFSCORE_BAD_CSV when the file cannot be read or a row is bad (see {@link parseRfScoreCsv}).
 */
export async function readRfScoreCsv(path: string): Promise<RfScoreFeatureTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new RfScoreError(
      'RFSCORE_BAD_CSV',
      `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: e, details: { source: path } },
    );
  }
  return parseRfScoreCsv(text, path);
}

/** Write a table back as CSV text in the same layout (integers print without a decimal point). */
export function formatRfScoreCsv(table: Omit<RfScoreFeatureTable, 'source'>): string {
  const head = ['pdbid', ...(table.labelled ? ['pK'] : []), ...FEATURE_HEADER].join(',');
  const out = [head];
  for (let r = 0; r < table.ids.length; r++) {
    const f = Array.from(table.features.subarray(r * RFSCORE_FEATURE_COUNT, (r + 1) * RFSCORE_FEATURE_COUNT));
    out.push([table.ids[r], ...(table.labelled ? [table.pK[r]] : []), ...f].join(','));
  }
  return `${out.join('\n')}\n`;
}
