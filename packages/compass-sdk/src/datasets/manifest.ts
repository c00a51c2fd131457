/** CSV manifests: one row per complex with `protein`, `ligand` and an optional `label` (pK), paths relative to the file. */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../structure/diagnostics.js';
import { DatasetError } from './errors.js';
import type { Dataset, DatasetItem } from './item.js';

/** Split one CSV line (RFC 4180 quoting: "a,b" and "" inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Options of {@link parseManifest}. */
export interface ManifestOptions {
  /**
   * Accept absolute paths and paths leading out of the manifest's folder (default false). Only for a manifest
   * the operator wrote; an uploaded dataset must never name files outside itself.
   */
  readonly allowOutside?: boolean;
}

/** True when `path` (absolute) lies strictly inside `folder` (absolute). */
function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Read a CSV manifest. Required columns: `protein`, `ligand`; optional `label` (pK), `id`, `target`, `record`
 * (ligand record index), `year`. Rows with a missing path or a non-numeric label are reported and skipped.
 * Paths are relative to the manifest's folder and confined to it: an absolute path, a `..` leading out, or a
 * symbolic link resolving outside is refused (unless `allowOutside`), and each item carries the folder as `root`
 * for readers to check again on the opened file.
 *
 * @throws {DatasetError} DATASET_BAD_MANIFEST when the header lacks `protein` or `ligand`, or a row names a file
 *   outside the manifest's folder (`details: { line, column, path }`).
 */
export function parseManifest(
  text: string,
  manifestPath = '<manifest>',
  options: ManifestOptions = {},
): Dataset {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (n: string) => header.indexOf(n);
  if (col('protein') < 0 || col('ligand') < 0)
    throw new DatasetError(
      'DATASET_BAD_MANIFEST',
      `${manifestPath}: header must name "protein" and "ligand" columns (got ${header.join(', ')})`,
    );
  const base = resolve(dirname(manifestPath));
  const realBase = existsSync(base) ? realpathSync(base) : base;
  const confine = !options.allowOutside;
  const abs = (p: string, column: string, lineNo: number): string => {
    const path = isAbsolute(p) ? p : resolve(base, p);
    if (!confine) return path;
    const refuse = (why: string): never => {
      throw new DatasetError(
        'DATASET_BAD_MANIFEST',
        `${manifestPath}:${lineNo}: ${column} path "${p.slice(0, 200)}" ${why}; paths must name files inside the dataset folder`,
        { details: { line: lineNo, column, path: p } },
      );
    };
    if (isAbsolute(p)) refuse('is absolute');
    if (!inside(base, path)) refuse('leads out of the dataset folder');
    // a link inside the folder may still point out of it
    if (existsSync(path) && !inside(realBase, realpathSync(path))) refuse('is a link to a file outside');
    return path;
  };
  const items: DatasetItem[] = [];
  const diagnostics: Diagnostic[] = [];
  lines.slice(1).forEach((line, k) => {
    const f = splitCsvLine(line);
    const get = (n: string) => (col(n) >= 0 ? (f[col(n)] ?? '') : '');
    const lineNo = k + 2;
    const skip = (why: string) =>
      diagnostics.push({
        severity: 'error',
        code: 'DATASET_ITEM_SKIPPED',
        message: `${manifestPath}:${lineNo}: ${why}`,
        line: lineNo,
      });
    if (!get('protein') || !get('ligand')) return skip('protein or ligand path missing');
    const labelText = get('label');
    const pK = labelText === '' ? undefined : Number(labelText);
    if (pK !== undefined && !Number.isFinite(pK)) return skip(`label "${labelText}" is not a number`);
    const id = get('id') || `row${lineNo}`;
    const year = Number(get('year'));
    items.push({
      id,
      target: get('target') || get('protein'),
      proteinPath: abs(get('protein'), 'protein', lineNo),
      ligandPath: abs(get('ligand'), 'ligand', lineNo),
      ligandRecord: Number(get('record')) || 0,
      ...(pK === undefined
        ? {}
        : { label: { pK, type: 'pIC50' as const, relation: '=' as const, raw: labelText } }),
      ...(Number.isFinite(year) && year > 0 ? { year } : {}),
      ...(confine ? { root: realBase } : {}),
    });
  });
  return { name: manifestPath, items, diagnostics };
}
