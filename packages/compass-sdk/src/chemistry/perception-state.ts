/** The per-atom and per-bond arrays sanitisation fills, shared by its steps (valence, rings, aromaticity...). */
import type { Adjacency, MolGraph } from './mol-graph.js';
import type { RingSet } from './rings.js';
import type { ValenceInput } from './valence.js';

/** Working state of one sanitisation run. */
export interface PerceptionState extends ValenceInput {
  readonly g: MolGraph;
  readonly adj: Adjacency;
  readonly rings: RingSet;
  /** Cached explicit valence per atom (RDKit caches it from the Kekule form until `adjustHs`). */
  readonly ev: Int32Array;
  /** Cached implicit valence per atom. */
  readonly iv: Int32Array;
  /** 1 for bonds perception marked aromatic. */
  readonly bondAromatic: Uint8Array;
  readonly conjugated: Uint8Array;
}

/** Number of bonds of atom a, ZERO bonds included (RDKit's `getDegree`). */
export function degree(s: Pick<PerceptionState, 'adj'>, a: number): number {
  return s.adj.start[a + 1]! - s.adj.start[a]!;
}

/** Explicit plus implicit hydrogens of atom a (`getTotalNumHs`). */
export function totalHs(s: PerceptionState, a: number): number {
  return s.explicitHs[a]! + s.iv[a]!;
}
