/** A protein-ligand complex: protein atoms with residues (PDB columns) and one ligand record with bonds. */
import type { Diagnostic } from './diagnostics.js';
import type { LigandRecord } from './formats.js';
import type { PdbAtoms, PdbResidues, PdbStructure } from './pdb/schema.js';

/** A protein (or pocket) and one ligand pose, both with coordinates in Float32Array. */
export interface Complex {
  /** The protein or its pocket: atoms with residue information. */
  readonly protein: PdbStructure;
  /** One ligand record: atoms, bonds, SD data. */
  readonly ligand: LigandRecord;
  /** Findings of parsing and of each step that produced this complex. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Pair a protein and one ligand record into a {@link Complex}, merging their diagnostics. */
export function makeComplex(
  protein: PdbStructure,
  ligand: LigandRecord,
  diagnostics: readonly Diagnostic[] = [],
): Complex {
  return { protein, ligand, diagnostics: [...protein.diagnostics, ...diagnostics] };
}

function pick<T>(xs: readonly T[], idx: Uint32Array): T[] {
  return Array.from(idx, (i) => xs[i]!);
}

/** The sub-structure of the atoms at `keep` (ascending indices), with residues and chains rebuilt. */
export function selectAtoms(s: PdbStructure, keep: Uint32Array): PdbStructure {
  const a = s.atoms;
  const n = keep.length;
  const coords = new Float32Array(n * 3);
  keep.forEach((i, k) => coords.set(a.coords.subarray(3 * i, 3 * i + 3), 3 * k));
  const oldRes = Array.from(keep, (i) => a.residueIndex[i]!);
  const residueIndex = new Uint32Array(n);
  const resMap: number[] = [];
  const starts: number[] = [];
  oldRes.forEach((r, k) => {
    if (k === 0 || r !== oldRes[k - 1]) {
      resMap.push(r);
      starts.push(k);
    }
    residueIndex[k] = resMap.length - 1;
  });
  starts.push(n);
  const rIdx = Uint32Array.from(resMap);
  const r = s.residues;
  const residues: PdbResidues = {
    count: rIdx.length,
    resName: pick(r.resName, rIdx),
    chainID: pick(r.chainID, rIdx),
    resSeq: Int32Array.from(rIdx, (i) => r.resSeq[i]!),
    iCode: pick(r.iCode, rIdx),
    atomStart: Uint32Array.from(starts),
    hetatm: Uint8Array.from(rIdx, (i) => r.hetatm[i]!),
  };
  const atoms: PdbAtoms = {
    count: n,
    hetatm: Uint8Array.from(keep, (i) => a.hetatm[i]!),
    serial: Int32Array.from(keep, (i) => a.serial[i]!),
    name: pick(a.name, keep),
    altLoc: pick(a.altLoc, keep),
    resName: pick(a.resName, keep),
    chainID: pick(a.chainID, keep),
    resSeq: Int32Array.from(keep, (i) => a.resSeq[i]!),
    iCode: pick(a.iCode, keep),
    coords,
    occupancy: Float32Array.from(keep, (i) => a.occupancy[i]!),
    tempFactor: Float32Array.from(keep, (i) => a.tempFactor[i]!),
    element: pick(a.element, keep),
    atomicNumber: Uint8Array.from(keep, (i) => a.atomicNumber[i]!),
    charge: Int8Array.from(keep, (i) => a.charge[i]!),
    residueIndex,
  };
  const chains = [...new Set(residues.chainID)];
  return { source: s.source, atoms, residues, chains, modelCount: s.modelCount, diagnostics: s.diagnostics };
}
