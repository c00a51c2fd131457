/** SD file parser: every `$$$$` record (V2000 or V3000) with its data items; bad records skipped and reported. */
import { DiagnosticList } from '../diagnostics.js';
import { ParseError, isParseError } from '../errors.js';
import { checkedLines, type ParseOptions, type TextInput } from '../io/text-source.js';
import { readV2000, readV3000, type CtabContext } from './ctab.js';
import type { SdfFile, SdfRecord } from './schema.js';

function readRecord(lines: readonly string[], start: number, stop: number, ctx: CtabContext): SdfRecord {
  const countsAt = start + 3;
  if (countsAt >= stop)
    throw new ParseError(
      'PARSE_TRUNCATED',
      'record ends inside the header block; expected 3 header lines and a counts line',
      {
        source: ctx.source,
        line: Math.min(stop, lines.length),
        record: ctx.record,
      },
    );
  const counts = lines[countsAt]!;
  const version = counts.includes('V3000') ? 'V3000' : 'V2000';
  const ctab = version === 'V3000' ? readV3000(lines, countsAt, ctx) : readV2000(lines, countsAt, ctx);
  if (ctab.end > stop)
    throw new ParseError('PARSE_TRUNCATED', 'connection table runs past the record delimiter', {
      source: ctx.source,
      line: stop,
      record: ctx.record,
    });
  const data: Record<string, string> = {};
  let key: string | undefined;
  let value: string[] = [];
  for (let j = ctab.end; j < stop; j++) {
    const l = lines[j]!;
    if (key === undefined) {
      const m = /^>.*<([^>]*)>/.exec(l);
      if (m) {
        key = m[1]!;
        value = [];
      }
    } else if (l.trim() === '') {
      data[key] = value.join('\n');
      key = undefined;
    } else value.push(l);
  }
  if (key !== undefined) data[key] = value.join('\n');
  return {
    index: ctx.record,
    line: start + 1,
    name: lines[start]!.trim(),
    program: (lines[start + 1] ?? '').trim(),
    comment: (lines[start + 2] ?? '').trim(),
    version,
    atoms: ctab.atoms,
    bonds: ctab.bonds,
    data,
  };
}

/**
 * Parse an SD file (or a single MOL file): every record, V2000 or V3000, with its SD data items. A record that
 * fails is skipped to its `$$$$` and reported in `diagnostics` (severity `error`, code `SDF_RECORD_SKIPPED`, with
 * the line, record index and the reason); only when no record parses does the parser throw.
 *
 * @example
 * const sdf = parseSdf(readFileSync('ligands.sdf'), { source: 'ligands.sdf' });
 * for (const r of sdf.records) console.log(r.name, r.atoms.count, r.data.r_exp_dg);
 * @throws {ParseError} for empty or binary input, or when no record could be read (the first record's error).
 */
export function parseSdf(input: TextInput, options: ParseOptions = {}): SdfFile {
  const source = options.source ?? '<input>';
  const lines = checkedLines(input, options);
  const diags = new DiagnosticList();
  const records: SdfRecord[] = [];
  let firstError: ParseError | undefined;
  let start = 0;
  let index = 0;
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  while (start < end) {
    let stop = start;
    while (stop < end && !lines[stop]!.startsWith('$$$$')) stop++;
    // Blank lines between records are tolerated, not counted as records.
    const blank = lines.slice(start, stop).every((l) => l.trim() === '');
    if (!blank) {
      try {
        records.push(readRecord(lines, start, stop, { source, record: index, offset: start }));
      } catch (e) {
        if (!isParseError(e)) throw e;
        firstError ??= e;
        const line = (e.details?.line as number | undefined) ?? start + 1;
        diags.add({
          severity: 'error',
          code: 'SDF_RECORD_SKIPPED',
          message: `record ${index + 1} skipped: ${e.message}`,
          line,
          record: index,
        });
      }
      index++;
    }
    start = stop + 1;
  }
  if (records.length === 0) {
    if (firstError) throw firstError;
    throw new ParseError('PARSE_NO_ATOMS', 'no molfile record found', { source });
  }
  return { source, records, recordCount: index, diagnostics: diags.finish() };
}
