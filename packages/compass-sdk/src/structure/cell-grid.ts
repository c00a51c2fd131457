/** Points sorted into cubic cells, rows of cells as contiguous runs: dense offsets when compact, sorted rows when not. */
import { COORDINATE_LIMIT, coordinateProblem } from './coordinate-limit.js';
import { StructureError } from './errors.js';

/** Largest row key (cz * ny + cy) the sparse layout keeps exact in a double. */
const MAX_ROW_KEY = 2 ** 52;

/**
 * Point indices sorted by cell (z, then y, then x), so the cells x0..x1 of one (y, z) row are one run of
 * {@link order}. Memory is O(n) whatever the coordinates: when the bounding box has more than `maxDenseCells`
 * cells, the dense per-cell offsets give way to a sorted list of the occupied rows, searched in O(log n).
 * Coordinates must be finite and within {@link COORDINATE_LIMIT}.
 *
 * @example
 * const grid = CellGrid.build(coords, coords.length / 3, 4);
 * const run = new Uint32Array(2);
 * if (grid.rowRun(cy, cz, cx - 1, cx + 1, run)) for (let s = run[0]; s < run[1]; s++) visit(grid.order[s]);
 */
export class CellGrid {
  /** Edge of a cell in A (at least the size asked for; larger only for a tiny cell over a huge span). */
  readonly cellSize: number;
  /** Lower corner of cell (0, 0, 0). */
  readonly origin: readonly [number, number, number];
  /** Cells along x, y, z. */
  readonly dims: readonly [number, number, number];
  /** Point indices in cell order. */
  readonly order: Uint32Array;
  // dense layout: start of each cell's run (length cells + 1)
  private readonly cellStart: Uint32Array | undefined;
  // sparse layout: occupied row keys ascending, their runs' starts (length rows + 1), each slot's x cell
  private readonly rowKeys: Float64Array | undefined;
  private readonly rowStart: Uint32Array | undefined;
  private readonly slotX: Int32Array | undefined;

  private constructor(init: {
    cellSize: number;
    origin: [number, number, number];
    dims: [number, number, number];
    order: Uint32Array;
    cellStart?: Uint32Array;
    rowKeys?: Float64Array;
    rowStart?: Uint32Array;
    slotX?: Int32Array;
  }) {
    this.cellSize = init.cellSize;
    this.origin = init.origin;
    this.dims = init.dims;
    this.order = init.order;
    this.cellStart = init.cellStart;
    this.rowKeys = init.rowKeys;
    this.rowStart = init.rowStart;
    this.slotX = init.slotX;
  }

  /**
   * Sort the first `n` points of `coords` (x, y, z interleaved) into cells of edge `cellSize`. The dense layout
   * is used while the box has at most `maxDenseCells` cells (default max(8n, 65536)).
   *
   * @throws {StructureError} STRUCTURE_BAD_INPUT for a non-finite coordinate or one beyond the limit.
   */
  static build(coords: ArrayLike<number>, n: number, cellSize: number, maxDenseCells?: number): CellGrid {
    const lo: [number, number, number] = [0, 0, 0];
    const hi: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < n; i++)
      for (let d = 0; d < 3; d++) {
        const v = coords[3 * i + d]!;
        const why = coordinateProblem(v);
        if (why !== undefined)
          throw new StructureError('STRUCTURE_BAD_INPUT', `point ${i} has a coordinate ${why}`, {
            details: { point: i, value: v, limit: COORDINATE_LIMIT },
          });
        if (i === 0 || v < lo[d]!) lo[d] = v;
        if (i === 0 || v > hi[d]!) hi[d] = v;
      }
    let size = Math.max(cellSize, 1e-3);
    const cellsFor = (s: number) =>
      [0, 1, 2].map((d) => Math.floor((hi[d]! - lo[d]!) / s) + 1) as [number, number, number];
    let dims = cellsFor(size);
    // only a sub-0.1 A cell over a span near the limit gets here: larger cells stay correct, just coarser
    while (dims[1] * dims[2] > MAX_ROW_KEY || dims[0] > MAX_ROW_KEY) dims = cellsFor((size *= 2));
    const axis = (i: number, d: number) =>
      Math.min(dims[d]! - 1, Math.floor((coords[3 * i + d]! - lo[d]!) / size));
    const cells = dims[0] * dims[1] * dims[2];
    const order = new Uint32Array(n);
    const base = { cellSize: size, origin: lo, dims, order };
    if (cells <= (maxDenseCells ?? Math.max(8 * n, 1 << 16))) {
      const cellOf = new Uint32Array(n);
      const cellStart = new Uint32Array(cells + 1);
      for (let i = 0; i < n; i++) {
        const c = (axis(i, 2) * dims[1] + axis(i, 1)) * dims[0] + axis(i, 0);
        cellOf[i] = c;
        cellStart[c + 1]!++;
      }
      for (let c = 0; c < cells; c++) cellStart[c + 1]! += cellStart[c]!;
      const fill = cellStart.slice(0, cells);
      for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i;
      return new CellGrid({ ...base, cellStart });
    }
    const key = new Float64Array(n);
    const cx = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      order[i] = i;
      key[i] = axis(i, 2) * dims[1] + axis(i, 1);
      cx[i] = axis(i, 0);
    }
    order.sort((a, b) => key[a]! - key[b]! || cx[a]! - cx[b]! || a - b);
    const keys: number[] = [];
    const starts: number[] = [];
    const slotX = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      slotX[s] = cx[i]!;
      if (s === 0 || key[i] !== keys[keys.length - 1]) {
        keys.push(key[i]!);
        starts.push(s);
      }
    }
    starts.push(n);
    return new CellGrid({
      ...base,
      rowKeys: Float64Array.from(keys),
      rowStart: Uint32Array.from(starts),
      slotX,
    });
  }

  /** Cell index of coordinate `v` along axis `d` (may fall outside 0..dims[d]-1 for a query point). */
  axis(v: number, d: 0 | 1 | 2): number {
    return Math.floor((v - this.origin[d]) / this.cellSize);
  }

  /**
   * Write into `out[at]`, `out[at + 1]` the [start, end) run of {@link order} holding cells x0..x1 of row
   * (cy, cz), and return whether it is non-empty. Indices must lie within the grid (callers clamp).
   */
  rowRun(cy: number, cz: number, x0: number, x1: number, out: Uint32Array, at = 0): boolean {
    let start: number, end: number;
    if (this.cellStart) {
      const row = (cz * this.dims[1] + cy) * this.dims[0];
      start = this.cellStart[row + x0]!;
      end = this.cellStart[row + x1 + 1]!;
    } else {
      const r = findRow(this.rowKeys!, cz * this.dims[1] + cy);
      if (r < 0) return false;
      const s0 = this.rowStart![r]!;
      const s1 = this.rowStart![r + 1]!;
      start = lowerBound(this.slotX!, s0, s1, x0);
      end = lowerBound(this.slotX!, start, s1, x1 + 1);
    }
    out[at] = start;
    out[at + 1] = end;
    return end > start;
  }

  /** Most points in one cell: a measure of crowding, O(n). */
  maxOccupancy(): number {
    let most = 0;
    if (this.cellStart) {
      for (let c = 0; c + 1 < this.cellStart.length; c++)
        most = Math.max(most, this.cellStart[c + 1]! - this.cellStart[c]!);
      return most;
    }
    const rs = this.rowStart!;
    const x = this.slotX!;
    for (let r = 0; r + 1 < rs.length; r++) {
      let run = 0;
      for (let s = rs[r]!; s < rs[r + 1]!; s++) {
        run = s > rs[r]! && x[s] === x[s - 1] ? run + 1 : 1;
        if (run > most) most = run;
      }
    }
    return most;
  }
}

function findRow(keys: Float64Array, k: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = keys[mid]!;
    if (v === k) return mid;
    if (v < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// first index in [lo, hi) whose value is >= v
function lowerBound(a: ArrayLike<number>, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
