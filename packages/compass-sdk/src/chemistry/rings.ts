/**
 * Ring perception: which bonds lie on a cycle, and a ring set equal to RDKit's symmetrised SSSR for ordinary
 * molecules (the smallest cycle through each ring bond, deduplicated). Vina's typing and ring-aware scoring
 * can use the same two functions.
 */
import type { Adjacency, MolGraph } from './mol-graph.js';

/** Rings as atom lists (in ring order) and bond lists, plus a per-bond in-ring flag. */
export interface RingSet {
  readonly atomRings: readonly (readonly number[])[];
  readonly bondRings: readonly (readonly number[])[];
  /** 1 when the bond lies on some cycle (is not a bridge). */
  readonly bondInRing: Uint8Array;
}

/** Mark bonds on cycles: every bond that is not a bridge (iterative Tarjan low-link, so deep chains are safe). */
export function ringBonds(g: MolGraph, adj: Adjacency): Uint8Array {
  const n = g.atomCount;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parentBond = new Int32Array(n).fill(-1);
  const iter = new Uint32Array(n);
  const inRing = new Uint8Array(g.bondCount).fill(1);
  const stack: number[] = [];
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    disc[root] = low[root] = time++;
    iter[root] = adj.start[root]!;
    stack.push(root);
    while (stack.length > 0) {
      const v = stack[stack.length - 1]!;
      if (iter[v]! < adj.start[v + 1]!) {
        const k = iter[v]!++;
        const b = adj.bond[k]!,
          w = adj.other[k]!;
        if (b === parentBond[v]) continue;
        if (disc[w] === -1) {
          parentBond[w] = b;
          disc[w] = low[w] = time++;
          iter[w] = adj.start[w]!;
          stack.push(w);
        } else if (disc[w]! < low[v]!) low[v] = disc[w]!;
      } else {
        stack.pop();
        const p = stack[stack.length - 1];
        if (p !== undefined) {
          if (low[v]! < low[p]!) low[p] = low[v]!;
          if (low[v]! > disc[p]!) inRing[parentBond[v]!] = 0;
        }
      }
    }
  }
  return inRing;
}

/** The ring set: for each ring bond the shortest cycle through it, each cycle once, smallest first. */
export function findRings(g: MolGraph, adj: Adjacency): RingSet {
  const bondInRing = ringBonds(g, adj);
  const n = g.atomCount;
  const prevAtom = new Int32Array(n);
  const prevBond = new Int32Array(n);
  const seenAt = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  const found = new Map<string, { atoms: number[]; bonds: number[] }>();
  for (let b = 0; b < g.bondCount; b++) {
    if (!bondInRing[b]) continue;
    const from = g.bondBegin[b]!,
      to = g.bondEnd[b]!;
    // Breadth-first from `from` to `to` over ring bonds, not using b itself.
    let head = 0,
      tail = 0;
    queue[tail++] = from;
    seenAt[from] = b;
    prevAtom[from] = -1;
    let reached = false;
    while (head < tail && !reached) {
      const v = queue[head++]!;
      for (let k = adj.start[v]!; k < adj.start[v + 1]!; k++) {
        const bb = adj.bond[k]!,
          w = adj.other[k]!;
        if (bb === b || !bondInRing[bb] || seenAt[w] === b) continue;
        seenAt[w] = b;
        prevAtom[w] = v;
        prevBond[w] = bb;
        if (w === to) {
          reached = true;
          break;
        }
        queue[tail++] = w;
      }
    }
    if (!reached) continue;
    const atoms: number[] = [];
    const bonds: number[] = [b];
    for (let v = to; v !== -1; v = prevAtom[v]!) {
      atoms.push(v);
      if (prevAtom[v] !== -1) bonds.push(prevBond[v]!);
    }
    const key = [...atoms].sort((x, y) => x - y).join(',');
    if (!found.has(key)) found.set(key, { atoms, bonds });
  }
  const rings = [...found.values()].sort((x, y) => x.atoms.length - y.atoms.length);
  return {
    atomRings: rings.map((r) => r.atoms),
    bondRings: rings.map((r) => r.bonds),
    bondInRing,
  };
}
