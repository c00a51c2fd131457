/** The small molecule-graph type chemistry perception works on: atoms, typed bonds and a neighbour index. */

/** Bond types as RDKit names them; `ZERO` is a drawn link (metal coordination) that adds no valence. */
export const BondType = { ZERO: 0, SINGLE: 1, DOUBLE: 2, TRIPLE: 3, AROMATIC: 4 } as const;
/** One of {@link BondType}'s values. */
export type BondType = (typeof BondType)[keyof typeof BondType];

/** What one bond adds to the valence of either end (RDKit's `getValenceContrib`). */
export function valenceContribution(type: number): number {
  return type === BondType.AROMATIC ? 1.5 : type;
}

/** Atoms and bonds of one molecule, columnar. Perception fills the typed results of {@link SanitizedMol}. */
export interface MolGraph {
  readonly atomCount: number;
  readonly atomicNumber: Uint8Array;
  readonly formalCharge: Int8Array;
  readonly bondCount: number;
  readonly bondBegin: Uint32Array;
  readonly bondEnd: Uint32Array;
  /** {@link BondType} per bond. */
  readonly bondType: Uint8Array;
}

/** Compressed neighbour lists: the bonds of atom a are `bond[start[a] .. start[a+1])`, `other` their far atoms. */
export interface Adjacency {
  readonly start: Uint32Array;
  readonly bond: Uint32Array;
  readonly other: Uint32Array;
}

/** Build the neighbour index of a graph; bonds of one atom keep bond order (RDKit iterates them that way). */
export function adjacency(g: MolGraph): Adjacency {
  const start = new Uint32Array(g.atomCount + 1);
  for (let b = 0; b < g.bondCount; b++) {
    start[g.bondBegin[b]! + 1]!++;
    start[g.bondEnd[b]! + 1]!++;
  }
  for (let a = 0; a < g.atomCount; a++) start[a + 1]! += start[a]!;
  const fill = start.slice(0, g.atomCount);
  const bond = new Uint32Array(2 * g.bondCount);
  const other = new Uint32Array(2 * g.bondCount);
  for (let b = 0; b < g.bondCount; b++) {
    const i = g.bondBegin[b]!,
      j = g.bondEnd[b]!;
    bond[fill[i]!] = b;
    other[fill[i]!++] = j;
    bond[fill[j]!] = b;
    other[fill[j]!++] = i;
  }
  return { start, bond, other };
}

/** A growable bond list with a pair index, for readers that add bonds from several sources. */
export class BondList {
  private readonly begin: number[] = [];
  private readonly end: number[] = [];
  private readonly type: number[] = [];
  private readonly index = new Map<number, number>();

  constructor(private readonly atomCount: number) {}

  /** Number of bonds so far. */
  get count(): number {
    return this.begin.length;
  }

  private key(i: number, j: number): number {
    return i < j ? i * this.atomCount + j : j * this.atomCount + i;
  }

  /** The bond between i and j, or -1. */
  find(i: number, j: number): number {
    return this.index.get(this.key(i, j)) ?? -1;
  }

  /** Add a bond (caller checks it is new) and return its index. */
  add(i: number, j: number, type: BondType): number {
    const b = this.begin.length;
    this.begin.push(i);
    this.end.push(j);
    this.type.push(type);
    this.index.set(this.key(i, j), b);
    return b;
  }

  /** The type of bond b. */
  typeOf(b: number): number {
    return this.type[b]!;
  }

  /** Set the type of bond b. */
  setType(b: number, type: BondType): void {
    this.type[b] = type;
  }

  /** Begin and end atoms of bond b. */
  ends(b: number): [number, number] {
    return [this.begin[b]!, this.end[b]!];
  }

  /** Remove every bond of type ZERO (used to drop bonds marked for deletion); indices of the rest shift down. */
  removeZero(): void {
    let w = 0;
    for (let b = 0; b < this.begin.length; b++) {
      if (this.type[b] === BondType.ZERO) continue;
      this.begin[w] = this.begin[b]!;
      this.end[w] = this.end[b]!;
      this.type[w++] = this.type[b]!;
    }
    this.begin.length = this.end.length = this.type.length = w;
    this.index.clear();
    for (let b = 0; b < w; b++) this.index.set(this.key(this.begin[b]!, this.end[b]!), b);
  }

  /** The bonds as a {@link MolGraph} over the given atoms. */
  toGraph(atomicNumber: Uint8Array, formalCharge: Int8Array): MolGraph {
    return {
      atomCount: this.atomCount,
      atomicNumber,
      formalCharge,
      bondCount: this.begin.length,
      bondBegin: Uint32Array.from(this.begin),
      bondEnd: Uint32Array.from(this.end),
      bondType: Uint8Array.from(this.type),
    };
  }
}
