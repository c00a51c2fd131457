/** GIGN's 35 atom features (dataset_GIGN.py `atom_features`), one-hot blocks with overflow into the last slot. */
import { Hybridisation } from '../../chemistry/hybridisation.js';
import type { SanitizedMol } from '../../chemistry/sanitize.js';

/** Length of one atom's feature vector. */
export const GIGN_ATOM_FEATURES = 35;

// Symbol block: C N O S F P Cl Br I, anything else in slot 9.
const SYMBOL_SLOT = new Map<number, number>([
  [6, 0],
  [7, 1],
  [8, 2],
  [16, 3],
  [9, 4],
  [15, 5],
  [17, 6],
  [35, 7],
  [53, 8],
]);

// Hybridisation block: SP SP2 SP3 SP3D SP3D2; S and UNSPECIFIED overflow into SP3D2.
const HYB_SLOT: Readonly<Record<number, number>> = {
  [Hybridisation.SP]: 0,
  [Hybridisation.SP2]: 1,
  [Hybridisation.SP3]: 2,
  [Hybridisation.SP3D]: 3,
};

/** Write atom a's 35 features into `out` at `offset` (0/1 values). */
export function writeAtomFeatures(m: SanitizedMol, a: number, out: Float32Array, offset: number): void {
  out[offset + (SYMBOL_SLOT.get(m.graph.atomicNumber[a]!) ?? 9)] = 1;
  out[offset + 10 + Math.min(m.degree[a]!, 6)] = 1;
  out[offset + 17 + Math.min(m.implicitValence[a]!, 6)] = 1;
  out[offset + 24 + (HYB_SLOT[m.hybridisation[a]!] ?? 4)] = 1;
  out[offset + 29] = m.aromatic[a] ? 1 : 0;
  out[offset + 30 + Math.min(m.totalHs[a]!, 4)] = 1;
}
