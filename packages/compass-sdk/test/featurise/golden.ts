/** Test helpers: load GIGN's golden graphs and compare our graphs with them atom by atom and edge by edge. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GignGraph } from '../../src/featurise/gign/index.js';
import { sharedDataDir } from '../../../../support/shared-data.js';

/** The parts of a toyset/<id>.json golden graph the tests read. */
export interface GoldenGraph {
  readonly pdbid: string;
  readonly n_ligand: number;
  readonly n_pocket: number;
  readonly x: number[][];
  readonly pos: number[][];
  readonly edge_index_intra: [number[], number[]];
  readonly edge_index_inter: [number[], number[]];
  readonly atom_info: (string | number)[][];
}

/** Folder of the golden outputs. */
export const REF = (): string => join(sharedDataDir(), 'gign-reference');

/** Read toyset/<id>.json. */
export function loadGolden(id: string): GoldenGraph {
  return JSON.parse(readFileSync(join(REF(), 'toyset', `${id}.json`), 'utf8')) as GoldenGraph;
}

/** Edge set as "src>dst" strings. */
export function edgeSet(src: ArrayLike<number>, dst: ArrayLike<number>): Set<string> {
  const s = new Set<string>();
  for (let e = 0; e < src.length; e++) s.add(`${src[e]}>${dst[e]}`);
  return s;
}

/** Whether two edge sets are equal. */
export function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

/** Per-atom comparison of features: indices of atoms whose 35 values differ (golden atom count must match). */
export function featureMismatches(g: GignGraph, gold: GoldenGraph): number[] {
  const bad: number[] = [];
  const n = Math.min(gold.x.length, g.numLigandAtoms + g.numPocketAtoms);
  for (let a = 0; a < n; a++) {
    const row = gold.x[a]!;
    for (let k = 0; k < 35; k++)
      if (row[k] !== g.x[a * 35 + k]) {
        bad.push(a);
        break;
      }
  }
  return bad;
}

/** Decode one atom's 35 features into readable fields. */
export function describeFeatures(x: ArrayLike<number>, off: number): string {
  const slot = (from: number, len: number) => {
    for (let k = 0; k < len; k++) if (x[off + from + k] === 1) return k;
    return -1;
  };
  const sym = ['C', 'N', 'O', 'S', 'F', 'P', 'Cl', 'Br', 'I', 'X'][slot(0, 10)];
  const hyb = ['SP', 'SP2', 'SP3', 'SP3D', 'SP3D2'][slot(24, 5)];
  return `${sym} deg${slot(10, 7)} iv${slot(17, 7)} ${hyb} ar${x[off + 29]} H${slot(30, 5)}`;
}
