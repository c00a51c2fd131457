/** A uniform-grid cell list over 3D points: neighbour queries in time linear in the points near the query. */
import { CellGrid } from './cell-grid.js';

/**
 * Points binned into cubic cells of side `cellSize`. Memory is O(n) whatever the coordinates (a spread-out input
 * gets a sparse row index, not a huge grid, and cells keep their size so a query stays local).
 *
 * @throws {StructureError} STRUCTURE_BAD_INPUT for a non-finite coordinate or one beyond the coordinate limit.
 */
export class CellList {
  readonly cellSize: number;
  private readonly grid: CellGrid;
  private readonly run = new Uint32Array(2);

  constructor(
    readonly coords: Float32Array,
    cellSize: number,
  ) {
    this.grid = CellGrid.build(coords, coords.length / 3, cellSize);
    this.cellSize = this.grid.cellSize;
  }

  /** Most points sharing one cell (crowding: coincident or stacked atoms). */
  maxOccupancy(): number {
    return this.grid.maxOccupancy();
  }

  /**
   * Write into `outIdx`/`outD2` every point within `radius` of (x, y, z) and return how many; the allocation-free
   * form of {@link forEachWithin} for hot loops. The arrays must hold every point (length >= point count).
   */
  collectWithin(
    x: number,
    y: number,
    z: number,
    radius: number,
    outIdx: Uint32Array,
    outD2: Float64Array,
  ): number {
    let n = 0;
    this.scan(x, y, z, radius, (q, d2) => {
      outIdx[n] = q;
      outD2[n] = d2;
      n++;
    });
    return n;
  }

  /** Call `visit(j, d2)` for every point j within `radius` of (x, y, z) (squared distance d2). */
  forEachWithin(
    x: number,
    y: number,
    z: number,
    radius: number,
    visit: (j: number, d2: number) => void,
  ): void {
    this.scan(x, y, z, radius, visit);
  }

  private scan(
    x: number,
    y: number,
    z: number,
    radius: number,
    visit: (j: number, d2: number) => void,
  ): void {
    const g = this.grid;
    const r2 = radius * radius;
    const reach = Math.ceil(radius / g.cellSize);
    const [nx, ny, nz] = g.dims;
    const cx = g.axis(x, 0),
      cy = g.axis(y, 1),
      cz = g.axis(z, 2);
    const x0 = Math.max(0, cx - reach),
      x1 = Math.min(nx - 1, cx + reach);
    const y0 = Math.max(0, cy - reach),
      y1 = Math.min(ny - 1, cy + reach);
    const z0 = Math.max(0, cz - reach),
      z1 = Math.min(nz - 1, cz + reach);
    if (x0 > x1) return;
    const p = this.coords,
      order = g.order,
      run = this.run;
    for (let k = z0; k <= z1; k++)
      for (let j = y0; j <= y1; j++) {
        // Cells of one row are contiguous in `order`: scan them as one run.
        if (!g.rowRun(j, k, x0, x1, run)) continue;
        for (let s = run[0]!, e = run[1]!; s < e; s++) {
          const q = order[s]!;
          const dx = p[3 * q]! - x,
            dy = p[3 * q + 1]! - y,
            dz = p[3 * q + 2]! - z;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 <= r2) visit(q, d2);
        }
      }
  }
}
