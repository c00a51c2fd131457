/** Pose fixtures for batch scoring: the SDK's committed TYK2 pocket and ligands (Schrodinger FEP+ set, MIT licence). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSdfRecords } from '../../src/jobs/batch/sdf-records.js';

// import.meta, not __dirname: the benchmark loads this file as plain ESM under tsx, not through vitest.
const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../compass-sdk/test/fixtures/scoring',
);

/** The TYK2 pocket PDB text. */
export const pocketPdb = (): string => readFileSync(resolve(FIXTURES, 'tyk2_pocket.pdb'), 'utf8');

/**
 * `count` poses (the three TYK2 ligands repeated, each renamed `pose-<i>`), with the records at `broken` indices
 * given a coordinate that does not parse, so they must come back as error rows.
 */
export function poses(count: number, broken: readonly number[] = []): string {
  const base = splitSdfRecords(readFileSync(resolve(FIXTURES, 'tyk2_ligands.sdf'), 'utf8'));
  const bad = new Set(broken);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const lines = base[i % base.length]!.split('\n');
    lines[0] = `pose-${i}`;
    if (bad.has(i)) lines[4] = `    x.yz${lines[4]!.slice(10)}`;
    out.push(lines.join('\n'));
  }
  return out.join('');
}
