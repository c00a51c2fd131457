/** Versioned atom featurisation: element one-hot, ligand flag, atomic numbers and positions of a complex. */
import type { Complex } from './complex.js';
import { CompassError } from '../errors.js';

/** Version of the feature definition; saved with every model, checked before a model sees features. */
export const FEATURISER_VERSION = 'compass-feat/1';

/**
 * Element vocabulary of the one-hot, in order. The first eleven are the original's (C, O, N, S, P, H, F, Cl, Br,
 * I, other-less); B, Se, Si and the metals PDB files carry follow; "metal" takes other metals, "other" the rest.
 */
export const ELEMENT_VOCABULARY: readonly string[] = [
  'C',
  'O',
  'N',
  'S',
  'P',
  'H',
  'F',
  'Cl',
  'Br',
  'I',
  'B',
  'Se',
  'Si',
  'Zn',
  'Mg',
  'Ca',
  'Mn',
  'Fe',
  'Na',
  'K',
  'Cu',
  'Co',
  'Ni',
  'metal',
  'other',
];

const VOCAB_INDEX = new Map(ELEMENT_VOCABULARY.map((e, i) => [e, i]));
const METAL_INDEX = VOCAB_INDEX.get('metal')!;
const OTHER_INDEX = VOCAB_INDEX.get('other')!;
// Atomic numbers of metals not in the vocabulary by name (alkali, alkaline earth, transition, post-transition, f-block).
function isMetal(z: number): boolean {
  return (
    [3, 4, 11, 12, 13, 19, 20, 31, 37, 38, 49, 50, 55, 56, 81, 82, 83].includes(z) ||
    (z >= 21 && z <= 30) ||
    (z >= 39 && z <= 48) ||
    (z >= 57 && z <= 80) ||
    z >= 87
  );
}

/** What the featuriser produces, for saving beside a model. */
export interface FeaturiserDescription {
  readonly version: string;
  readonly elementVocabulary: readonly string[];
  /** Per-atom features in the order of {@link FeaturisedComplex}: one-hot width, then the ligand flag. */
  readonly nodeFeatureWidth: number;
  readonly features: readonly string[];
}

/** The description saved with every model. */
export const FEATURISER_DESCRIPTION: FeaturiserDescription = {
  version: FEATURISER_VERSION,
  elementVocabulary: ELEMENT_VOCABULARY,
  nodeFeatureWidth: ELEMENT_VOCABULARY.length + 1,
  features: [
    'element one-hot',
    'ligand flag (1 ligand, 0 protein)',
    'atomic number (separate column)',
    'position (A)',
  ],
};

/** The vocabulary index of an element symbol and atomic number. */
export function elementIndex(symbol: string, z: number): number {
  const i = VOCAB_INDEX.get(symbol);
  if (i !== undefined && i < METAL_INDEX) return i;
  return isMetal(z) ? METAL_INDEX : OTHER_INDEX;
}

/** Per-atom arrays of one complex: ligand atoms first (0 .. numLigandAtoms-1), then the protein or pocket. */
export interface FeaturisedComplex {
  readonly featuriserVersion: string;
  readonly numAtoms: number;
  readonly numLigandAtoms: number;
  /** x, y, z per atom, in A. */
  readonly positions: Float32Array;
  /** Atomic number per atom (0 for unknown), for an embedding. */
  readonly atomicNumber: Uint8Array;
  /** Index into {@link ELEMENT_VOCABULARY} per atom. */
  readonly elementIndex: Uint8Array;
  /** 1 for ligand atoms, 0 for protein atoms. */
  readonly isLigand: Uint8Array;
  /** Row-major [numAtoms, nodeFeatureWidth]: the one-hot then the ligand flag. */
  readonly nodeFeatures: Float32Array;
}

/** Featurise a complex (usually a pocket from {@link extractPocket}). */
export function featurise(c: Complex): FeaturisedComplex {
  const L = c.ligand.atoms,
    P = c.protein.atoms;
  const n = L.count + P.count;
  const positions = new Float32Array(n * 3);
  positions.set(L.coords, 0);
  positions.set(P.coords, L.count * 3);
  const atomicNumber = new Uint8Array(n);
  atomicNumber.set(L.atomicNumber, 0);
  atomicNumber.set(P.atomicNumber, L.count);
  const width = FEATURISER_DESCRIPTION.nodeFeatureWidth;
  const elementIdx = new Uint8Array(n);
  const isLigand = new Uint8Array(n);
  const nodeFeatures = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const lig = i < L.count;
    const sym = lig ? L.element[i]! : P.element[i - L.count]!;
    const e = elementIndex(sym, atomicNumber[i]!);
    elementIdx[i] = e;
    isLigand[i] = lig ? 1 : 0;
    nodeFeatures[i * width + e] = 1;
    nodeFeatures[i * width + width - 1] = lig ? 1 : 0;
  }
  return {
    featuriserVersion: FEATURISER_VERSION,
    numAtoms: n,
    numLigandAtoms: L.count,
    positions,
    atomicNumber,
    elementIndex: elementIdx,
    isLigand,
    nodeFeatures,
  };
}

/** A model was trained with other features than this featuriser makes. */
export class FeaturiserMismatchError extends CompassError {
  declare readonly code: 'FEATURISER_MISMATCH';
  constructor(expected: string, actual: string) {
    super(
      'FEATURISER_MISMATCH',
      `model was trained with features ${expected}, this featuriser makes ${actual}`,
      { details: { expected, actual } },
    );
  }
}

/** Throw {@link FeaturiserMismatchError} unless `modelVersion` is the current {@link FEATURISER_VERSION}. */
export function assertFeaturiserVersion(modelVersion: string): void {
  if (modelVersion !== FEATURISER_VERSION)
    throw new FeaturiserMismatchError(modelVersion, FEATURISER_VERSION);
}
