/** A PDBQT torsion tree as Vina reads it: which atoms move together, and which bonds are rotors. */
import { Mobility, type MobilityFn } from './bond-perception.js';

/** One BRANCH of a torsion tree: the rotor joins `axisBegin` (in the parent piece) to `axisEnd` (in `node`). */
export interface TorsionBranch {
  /** Index of the rigid piece this branch opens. */
  readonly node: number;
  /** Atom index of the first atom named on the BRANCH line (it sits in the parent piece). */
  readonly axisBegin: number;
  /** Atom index of the second atom named on the BRANCH line (the first atom of the branch). */
  readonly axisEnd: number;
}

/** A torsion tree: the rigid piece each atom is listed in (0 = ROOT) and the branches. */
export interface TorsionTree {
  readonly nodeOf: ArrayLike<number>;
  readonly branches: readonly TorsionBranch[];
}

/**
 * Vina's mobility matrix for a torsion tree (parse_pdbqt.cpp, postprocess_branch): atoms listed in one piece are
 * fixed relative to each other; a branch's axisEnd is also fixed relative to its parent piece, and axisBegin to the
 * branch's atoms; the axis pair itself is a rotor, except for a branch holding one atom and no sub-branch, which
 * Vina folds into its parent.
 */
export function torsionTreeMobility(tree: TorsionTree): MobilityFn {
  const nodeOf = tree.nodeOf;
  const atomsPerNode = new Map<number, number>();
  for (let i = 0; i < nodeOf.length; i++)
    atomsPerNode.set(nodeOf[i]!, (atomsPerNode.get(nodeOf[i]!) ?? 0) + 1);
  const parentOfNode = new Map<number, number>();
  for (const b of tree.branches) parentOfNode.set(b.node, nodeOf[b.axisBegin]!);
  const hasChild = new Set<number>(parentOfNode.values());
  const extraNode = new Map<number, number>(); // axisEnd atom -> parent piece it is also fixed in
  const beginOf = new Map<number, number[]>(); // axisBegin atom -> pieces it is fixed to
  const rotors = new Set<string>();
  for (const b of tree.branches) {
    const parent = nodeOf[b.axisBegin]!;
    extraNode.set(b.axisEnd, parent);
    const list = beginOf.get(b.axisBegin) ?? [];
    list.push(b.node);
    beginOf.set(b.axisBegin, list);
    const folded = (atomsPerNode.get(b.node) ?? 0) <= 1 && !hasChild.has(b.node);
    if (!folded) rotors.add(pairKey(b.axisBegin, b.axisEnd));
  }
  return (i: number, j: number): number => {
    if (rotors.has(pairKey(i, j))) return Mobility.ROTOR;
    const ni = nodeOf[i]!;
    const nj = nodeOf[j]!;
    const ei = extraNode.get(i);
    const ej = extraNode.get(j);
    if (ni === nj || ni === ej || ei === nj || (ei !== undefined && ei === ej)) return Mobility.FIXED;
    if (beginOf.get(i)?.includes(nj) || beginOf.get(j)?.includes(ni)) return Mobility.FIXED;
    return Mobility.VARIABLE;
  };
}

function pairKey(i: number, j: number): string {
  return i < j ? `${i}:${j}` : `${j}:${i}`;
}
