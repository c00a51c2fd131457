/** A receptor prepared once for fast scoring: scored atoms in typed arrays, sorted into a cell list. */
import { XS } from './atom-types.js';
import { ScoringError } from '../errors.js';
import { CellGrid } from '../../structure/cell-grid.js';
import { COORDINATE_LIMIT, coordinateProblem } from '../../structure/coordinate-limit.js';
import { VINA_CUTOFF } from './terms.js';
import type { VinaTypedMolecule } from './typed-molecule.js';

/** Edge of a cell, in Angstrom: half the cutoff, so a query visits 5 x 5 x 5 cells. */
const CELL = VINA_CUTOFF / 2;

/**
 * The protein side of the Vina score, computed once per receptor: the scored (heavy, typed) atoms, reordered by
 * cell so that the atoms of one cell lie contiguously in memory, and the offsets of each cell.
 */
export class VinaReceptor {
  /** Coordinates of the scored atoms in cell order, x, y, z interleaved. */
  readonly coords: Float64Array;
  /** X-Score type of each scored atom, in cell order. */
  readonly xs: Uint8Array;
  /** Index of each scored atom in the typed molecule it came from. */
  readonly sourceIndex: Uint32Array;
  /** Warnings carried over from typing. */
  readonly warnings: readonly string[];
  /**
   * The cells: slot s of {@link coords} is the atom in slot s of the grid's order. Its memory is O(atoms) however
   * far apart the atoms are (a 1,000 A span once cost 1 GB as a dense grid).
   */
  readonly grid: CellGrid;

  private constructor(
    coords: Float64Array,
    xs: Uint8Array,
    sourceIndex: Uint32Array,
    warnings: readonly string[],
    grid: CellGrid,
  ) {
    this.coords = coords;
    this.xs = xs;
    this.sourceIndex = sourceIndex;
    this.warnings = warnings;
    this.grid = grid;
  }

  /** Number of scored receptor atoms. */
  get size(): number {
    return this.xs.length;
  }

  /**
   * Prepare a typed receptor. Throws `SCORING_EMPTY_RECEPTOR` when no atom has a Vina type and
   * `SCORING_BAD_COORDINATE` for a coordinate that is not finite or lies beyond {@link COORDINATE_LIMIT}.
   */
  static fromTyped(mol: VinaTypedMolecule): VinaReceptor {
    const keep: number[] = [];
    for (let i = 0; i < mol.xs.length; i++) {
      if (mol.xs[i] === XS.NONE) continue;
      const x = mol.coords[3 * i]!;
      const y = mol.coords[3 * i + 1]!;
      const z = mol.coords[3 * i + 2]!;
      const why = coordinateProblem(x) ?? coordinateProblem(y) ?? coordinateProblem(z);
      if (why !== undefined) {
        throw new ScoringError('SCORING_BAD_COORDINATE', `receptor atom ${i} has a coordinate ${why}`, {
          details: { atom: i, limit: COORDINATE_LIMIT },
        });
      }
      keep.push(i);
    }
    if (keep.length === 0)
      throw new ScoringError('SCORING_EMPTY_RECEPTOR', 'the receptor has no atom Vina can score');
    const kept = new Float64Array(3 * keep.length);
    keep.forEach((i, k) => kept.set(mol.coords.subarray(3 * i, 3 * i + 3), 3 * k));
    const grid = CellGrid.build(kept, keep.length, CELL);
    const coords = new Float64Array(3 * keep.length);
    const xs = new Uint8Array(keep.length);
    const sourceIndex = new Uint32Array(keep.length);
    grid.order.forEach((k, slot) => {
      const i = keep[k]!;
      coords.set(kept.subarray(3 * k, 3 * k + 3), 3 * slot);
      xs[slot] = mol.xs[i]!;
      sourceIndex[slot] = i;
    });
    return new VinaReceptor(coords, xs, sourceIndex, mol.warnings, grid);
  }

  /**
   * Write into `runs` the [start, end) ranges of scored atoms in the cells that can lie within the cutoff of
   * (x, y, z), as pairs, and return how many ranges there are (at most 25). The caller still checks distances.
   */
  nearbyRuns(x: number, y: number, z: number, runs: Uint32Array): number {
    const g = this.grid;
    const [nx, ny, nz] = g.dims;
    const cx = g.axis(x, 0);
    const cy = g.axis(y, 1);
    const cz = g.axis(z, 2);
    const x0 = Math.max(0, cx - 2);
    const x1 = Math.min(nx - 1, cx + 2);
    let count = 0;
    if (x0 > x1) return 0;
    const z1 = Math.min(nz - 1, cz + 2);
    const y1 = Math.min(ny - 1, cy + 2);
    // cells x0..x1 of one row are contiguous in the grid's order, so one range covers them all
    for (let k = Math.max(0, cz - 2); k <= z1; k++)
      for (let j = Math.max(0, cy - 2); j <= y1; j++) if (g.rowRun(j, k, x0, x1, runs, 2 * count)) count++;
    return count;
  }
}
