/** The PDBbind index format: `code resolution year binding // reference (ligand)` rows with pK labels. */
import type { Diagnostic } from '../structure/diagnostics.js';
import { DatasetError } from './errors.js';
import { parseBindingString, type AffinityLabel } from './labels.js';

/** One row of a PDBbind index. */
export interface PdbbindIndexEntry {
  readonly code: string;
  /** Resolution in A; null for NMR structures. */
  readonly resolution: number | null;
  readonly year: number;
  readonly label: AffinityLabel;
  readonly reference: string;
  /** Ligand name from the trailing parentheses ("LNO", "5-mer"). */
  readonly ligandName: string;
  /** Text after the ligand name ("covalent complex", "incomplete ligand structure"). */
  readonly note: string;
}

/** Entries and a diagnostic per row that could not be read. */
export interface PdbbindIndex {
  readonly entries: readonly PdbbindIndexEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

const ROW = /^(\w{4})\s+(\S+)\s+(\d{4})\s+(\S+)\s+\/\/\s+(\S+)\s+\(([^)]*)\)\s*(.*)$/;

/**
 * Parse an index such as `INDEX_general_PL.2020R1.lst`. Comment lines (#) are skipped; a row that does not match
 * is reported as an error diagnostic with its line, never dropped silently.
 *
 * @throws {DatasetError} DATASET_BAD_INDEX when no row can be read.
 */
export function parsePdbbindIndex(text: string, source = '<index>'): PdbbindIndex {
  const entries: PdbbindIndexEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = ROW.exec(line.trim());
    try {
      if (!m)
        throw new DatasetError(
          'DATASET_BAD_INDEX',
          'expected "code resolution year binding // reference (ligand)"',
        );
      const res = m[2]!;
      entries.push({
        code: m[1]!.toLowerCase(),
        resolution: res === 'NMR' ? null : Number(res),
        year: Number(m[3]),
        label: parseBindingString(m[4]!),
        reference: m[5]!,
        ligandName: m[6]!,
        note: m[7]!.trim(),
      });
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        code: 'INDEX_ROW_SKIPPED',
        message: `${source}:${i + 1}: ${(e as Error).message}`,
        line: i + 1,
      });
    }
  });
  if (entries.length === 0)
    throw new DatasetError('DATASET_BAD_INDEX', `${source}: no index rows could be read`);
  return { entries, diagnostics };
}
