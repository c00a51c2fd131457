/**
 * Kekulisation of aromatic bonds given without a Kekule form (MOL2 "ar", PDBQT "A" rings): every aromatic atom
 * that needs a double bond gets exactly one, over aromatic bonds. Like Open Babel's OBKekulize, a system that has
 * no perfect assignment keeps single bonds where none fits, and the caller is told.
 */

/** The atoms and aromatic bonds to resolve. */
export interface KekuleProblem {
  readonly atomCount: number;
  /** Atoms that need one double bond. */
  readonly needsDouble: Uint8Array;
  /** Aromatic bonds as atom pairs. */
  readonly begin: readonly number[];
  readonly end: readonly number[];
}

/** Per aromatic bond 2 (double) or 1 (single), and whether every atom that needed a double bond got one. */
export interface KekuleResult {
  readonly order: Uint8Array;
  readonly complete: boolean;
}

/**
 * Solve each connected system by backtracking, most constrained atom first (aromatic systems are small). A system
 * with no perfect assignment gets a greedy one over its bonds from the last to the first, which reproduces Open
 * Babel on phosphates typed P-O.co2 "ar" (the last such O gets the double bond).
 */
export function kekulize(p: KekuleProblem): KekuleResult {
  const nb = p.begin.length;
  const order = new Uint8Array(nb).fill(1);
  const inc: number[][] = Array.from({ length: p.atomCount }, () => []);
  for (let b = 0; b < nb; b++) {
    const i = p.begin[b]!,
      j = p.end[b]!;
    if (p.needsDouble[i] && p.needsDouble[j]) {
      inc[i]!.push(b);
      inc[j]!.push(b);
    }
  }
  const other = (b: number, a: number) => (p.begin[b] === a ? p.end[b]! : p.begin[b]!);
  const matched = new Uint8Array(p.atomCount);
  const seen = new Uint8Array(p.atomCount);
  let complete = true;
  for (let a0 = 0; a0 < p.atomCount; a0++) {
    if (!p.needsDouble[a0] || seen[a0]) continue;
    // One connected system of atoms that need a double bond.
    const system: number[] = [a0];
    seen[a0] = 1;
    for (let k = 0; k < system.length; k++)
      for (const b of inc[system[k]!]!) {
        const o = other(b, system[k]!);
        if (!seen[o]) {
          seen[o] = 1;
          system.push(o);
        }
      }
    if (!solveSystem(system, inc, other, matched, order)) {
      complete = false;
      greedy(system, inc, other, matched, order);
    }
  }
  return { order, complete };
}

function solveSystem(
  system: readonly number[],
  inc: readonly number[][],
  other: (b: number, a: number) => number,
  matched: Uint8Array,
  order: Uint8Array,
): boolean {
  const open = new Set(system);
  let budget = 100000;
  const solve = (): boolean => {
    if (open.size === 0) return true;
    if (--budget < 0) return false;
    let best = -1,
      bestCount = Infinity;
    for (const a of open) {
      let c = 0;
      for (const b of inc[a]!) if (!matched[other(b, a)]) c++;
      if (c === 0) return false;
      if (c < bestCount) {
        best = a;
        bestCount = c;
      }
    }
    const a = best;
    for (const b of inc[a]!) {
      const o = other(b, a);
      if (matched[o]) continue;
      matched[a] = matched[o] = 1;
      open.delete(a);
      open.delete(o);
      order[b] = 2;
      if (solve()) return true;
      order[b] = 1;
      matched[a] = matched[o] = 0;
      open.add(a);
      open.add(o);
    }
    return false;
  };
  return solve();
}

function greedy(
  system: readonly number[],
  inc: readonly number[][],
  other: (b: number, a: number) => number,
  matched: Uint8Array,
  order: Uint8Array,
): void {
  const bonds = [...new Set(system.flatMap((a) => inc[a]!))].sort((x, y) => y - x);
  for (const a of system) matched[a] = 0;
  for (const b of bonds) order[b] = 1;
  for (const b of bonds) {
    const i = system.find((a) => inc[a]!.includes(b))!;
    const j = other(b, i);
    if (!matched[i] && !matched[j]) {
      matched[i] = matched[j] = 1;
      order[b] = 2;
    }
  }
}
