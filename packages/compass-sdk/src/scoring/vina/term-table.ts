/** Vina's precalculated term table: each pair's terms sampled every 1/32 A^2 in r^2 (precalculate.h, eval_fast). */
import { XS_TYPE_COUNT } from './atom-types.js';
import { VINA_CUTOFF_SQ, addPairTerms } from './terms.js';

/** Samples per square Angstrom (Vina's `factor`). */
export const TABLE_FACTOR = 32;

/** Table entries per type pair: every r^2 below the cutoff maps to an index below this. */
export const TABLE_SIZE = TABLE_FACTOR * VINA_CUTOFF_SQ + 1;

const rows: (Float32Array | undefined)[] = new Array(XS_TYPE_COUNT);

/**
 * The table row of ligand type `t`: for receptor type u and index i = floor(32 r^2), the five terms at
 * `((u * TABLE_SIZE) + i) * 5`. Like Vina's `fast` array, entry i is the mean of the terms sampled at r^2 = i/32
 * and (i+1)/32, so a lookup reproduces Vina's numbers. Built on first use, about 0.8 MB per ligand type (single precision: 7 significant digits, far below
 * the 0.001 kcal/mol Vina prints).
 */
export function termTableRow(t: number): Float32Array {
  let row = rows[t];
  if (row) return row;
  row = new Float32Array(XS_TYPE_COUNT * TABLE_SIZE * 5);
  const sample = new Float64Array(5 * (TABLE_SIZE + 1));
  for (let u = 0; u < XS_TYPE_COUNT; u++) {
    sample.fill(0);
    for (let i = 0; i <= TABLE_SIZE; i++) addPairTerms(t, u, Math.sqrt(i / TABLE_FACTOR), sample, 5 * i);
    const base = u * TABLE_SIZE * 5;
    for (let i = 0; i < TABLE_SIZE; i++) {
      for (let k = 0; k < 5; k++) row[base + 5 * i + k] = (sample[5 * i + k]! + sample[5 * (i + 1) + k]!) / 2;
    }
  }
  rows[t] = row;
  return row;
}
