/** The crowding check: refuse atoms piled up more densely than any molecule can be, before neighbour searches. */
import { CellGrid } from './cell-grid.js';
import { DENSITY_CUBE, MAX_ATOMS_PER_CUBE } from './coordinate-limit.js';
import { StructureError } from './errors.js';

/**
 * Throw when more than {@link MAX_ATOMS_PER_CUBE} of the `coords` (x, y, z interleaved) share one
 * {@link DENSITY_CUBE} A cube: thousands of coincident atoms are hostile input, and refusing them keeps every cell
 * list and radius graph over the structure linear in its size. O(n) (O(n log n) for a very spread-out input).
 *
 * @throws {StructureError} STRUCTURE_BAD_INPUT with `details: { reason: 'crowded', what, atoms }`.
 */
export function assertAtomDensity(coords: ArrayLike<number>, what: string): void {
  const n = Math.floor(coords.length / 3);
  if (n <= MAX_ATOMS_PER_CUBE) return;
  const most = CellGrid.build(coords, n, DENSITY_CUBE).maxOccupancy();
  if (most > MAX_ATOMS_PER_CUBE)
    throw new StructureError(
      'STRUCTURE_BAD_INPUT',
      `${what}: ${most} atoms share one ${DENSITY_CUBE} A cube (at most ${MAX_ATOMS_PER_CUBE}): coincident or ` +
        'stacked copies of atoms, not a molecule',
      { details: { reason: 'crowded', what, atoms: most } },
    );
}
