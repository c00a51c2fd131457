/** Vina's torsion count for the (1 + w * Nrot) normalisation (conf_independent.cpp, num_tors). */
import { adjacency, type PerceivedBonds } from './bond-perception.js';

/**
 * Count torsions the way Vina does: for every heavy atom, half a torsion per rotatable bond to a heavy neighbour
 * that itself has more than one heavy neighbour. A rotor between two inner atoms counts 1; a rotor to a terminal
 * heavy atom (a hydroxyl O, an amine N) counts 0.5; a rotor to a hydrogen counts 0.
 */
export function countVinaTorsions(elements: readonly string[], bonds: PerceivedBonds): number {
  const n = elements.length;
  const { offsets, neighbours } = adjacency(n, bonds);
  const heavy = (i: number): boolean => elements[i] !== 'H';
  const heavyDegree = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) if (heavy(neighbours[p]!)) heavyDegree[i]!++;
  }
  let tors = 0;
  for (let k = 0; k < bonds.a.length; k++) {
    if (!bonds.rotatable[k]) continue;
    const a = bonds.a[k]!;
    const b = bonds.b[k]!;
    if (!heavy(a) || !heavy(b)) continue;
    if (heavyDegree[b]! > 1) tors += 0.5;
    if (heavyDegree[a]! > 1) tors += 0.5;
  }
  return tors;
}
