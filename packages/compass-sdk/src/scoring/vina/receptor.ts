/** A receptor prepared once for fast scoring: scored atoms in typed arrays, sorted into a cell list. */
import { XS } from './atom-types.js';
import { ScoringError } from '../errors.js';
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
  /** Lower corner of the cell grid. */
  readonly origin: Float64Array;
  /** Number of cells along x, y, z. */
  readonly dims: Uint32Array;
  /** CSR offsets: the atoms of cell c are [cellStart[c], cellStart[c + 1]). */
  readonly cellStart: Uint32Array;

  private constructor(
    coords: Float64Array,
    xs: Uint8Array,
    sourceIndex: Uint32Array,
    warnings: readonly string[],
    origin: Float64Array,
    dims: Uint32Array,
    cellStart: Uint32Array,
  ) {
    this.coords = coords;
    this.xs = xs;
    this.sourceIndex = sourceIndex;
    this.warnings = warnings;
    this.origin = origin;
    this.dims = dims;
    this.cellStart = cellStart;
  }

  /** Number of scored receptor atoms. */
  get size(): number {
    return this.xs.length;
  }

  /**
   * Prepare a typed receptor. Throws `SCORING_EMPTY_RECEPTOR` when no atom has a Vina type and
   * `SCORING_BAD_COORDINATE` for a non-finite coordinate.
   */
  static fromTyped(mol: VinaTypedMolecule): VinaReceptor {
    const keep: number[] = [];
    for (let i = 0; i < mol.xs.length; i++) {
      if (mol.xs[i] === XS.NONE) continue;
      const x = mol.coords[3 * i]!;
      const y = mol.coords[3 * i + 1]!;
      const z = mol.coords[3 * i + 2]!;
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
        throw new ScoringError('SCORING_BAD_COORDINATE', `receptor atom ${i} has a non-finite coordinate`, {
          details: { atom: i },
        });
      }
      keep.push(i);
    }
    if (keep.length === 0)
      throw new ScoringError('SCORING_EMPTY_RECEPTOR', 'the receptor has no atom Vina can score');
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (const i of keep) {
      for (let k = 0; k < 3; k++) {
        const v = mol.coords[3 * i + k]!;
        if (v < lo[k]!) lo[k] = v;
        if (v > hi[k]!) hi[k] = v;
      }
    }
    const origin = Float64Array.from(lo);
    const dims = Uint32Array.from([0, 1, 2].map((k) => Math.floor((hi[k]! - lo[k]!) / CELL) + 1));
    const cellOf = (i: number): number => {
      const cx = Math.floor((mol.coords[3 * i]! - origin[0]!) / CELL);
      const cy = Math.floor((mol.coords[3 * i + 1]! - origin[1]!) / CELL);
      const cz = Math.floor((mol.coords[3 * i + 2]! - origin[2]!) / CELL);
      return (cz * dims[1]! + cy) * dims[0]! + cx;
    };
    const nCells = dims[0]! * dims[1]! * dims[2]!;
    const cellStart = new Uint32Array(nCells + 1);
    const cells = keep.map(cellOf);
    for (const c of cells) cellStart[c + 1]!++;
    for (let c = 0; c < nCells; c++) cellStart[c + 1]! += cellStart[c]!;
    const fill = cellStart.slice(0, nCells);
    const coords = new Float64Array(3 * keep.length);
    const xs = new Uint8Array(keep.length);
    const sourceIndex = new Uint32Array(keep.length);
    keep.forEach((i, k) => {
      const slot = fill[cells[k]!]!++;
      coords[3 * slot] = mol.coords[3 * i]!;
      coords[3 * slot + 1] = mol.coords[3 * i + 1]!;
      coords[3 * slot + 2] = mol.coords[3 * i + 2]!;
      xs[slot] = mol.xs[i]!;
      sourceIndex[slot] = i;
    });
    return new VinaReceptor(coords, xs, sourceIndex, mol.warnings, origin, dims, cellStart);
  }

  /**
   * Write into `runs` the [start, end) ranges of scored atoms in the cells that can lie within the cutoff of
   * (x, y, z), as pairs, and return how many ranges there are (at most 25). The caller still checks distances.
   */
  nearbyRuns(x: number, y: number, z: number, runs: Uint32Array): number {
    const nx = this.dims[0]!;
    const ny = this.dims[1]!;
    const nz = this.dims[2]!;
    const cx = Math.floor((x - this.origin[0]!) / CELL);
    const cy = Math.floor((y - this.origin[1]!) / CELL);
    const cz = Math.floor((z - this.origin[2]!) / CELL);
    const x0 = Math.max(0, cx - 2);
    const x1 = Math.min(nx - 1, cx + 2);
    let count = 0;
    if (x0 > x1) return 0;
    const z1 = Math.min(nz - 1, cz + 2);
    const y1 = Math.min(ny - 1, cy + 2);
    for (let k = Math.max(0, cz - 2); k <= z1; k++) {
      for (let j = Math.max(0, cy - 2); j <= y1; j++) {
        const row = (k * ny + j) * nx;
        // cells x0..x1 of one row are contiguous in the CSR order, so one range covers them all
        const start = this.cellStart[row + x0]!;
        const end = this.cellStart[row + x1 + 1]!;
        if (end > start) {
          runs[2 * count] = start;
          runs[2 * count + 1] = end;
          count++;
        }
      }
    }
    return count;
  }
}
