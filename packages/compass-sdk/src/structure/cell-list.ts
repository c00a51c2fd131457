/** A uniform-grid cell list over 3D points: neighbour queries in time linear in the points near the query. */

/** Points binned into cubic cells of side `cellSize` (counting sort; no per-cell arrays). */
export class CellList {
  readonly cellSize: number;
  private readonly min: [number, number, number];
  private readonly dims: [number, number, number];
  /** Point indices sorted by cell. */
  private readonly order: Uint32Array;
  /** Start of each cell's run in `order`; length cells + 1. */
  private readonly start: Uint32Array;

  constructor(
    readonly coords: Float32Array,
    cellSize: number,
  ) {
    const n = coords.length / 3;
    // Bound the grid so a sparse, spread-out input cannot allocate a huge array: cells grow instead.
    let lo = [Infinity, Infinity, Infinity],
      hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++)
      for (let d = 0; d < 3; d++) {
        const v = coords[3 * i + d]!;
        if (v < lo[d]!) lo[d] = v;
        if (v > hi[d]!) hi[d] = v;
      }
    if (n === 0) {
      lo = [0, 0, 0];
      hi = [0, 0, 0];
    }
    let size = Math.max(cellSize, 1e-3);
    const cellsFor = (s: number) =>
      [0, 1, 2].map((d) => Math.floor((hi[d]! - lo[d]!) / s) + 1) as [number, number, number];
    let dims = cellsFor(size);
    while (dims[0] * dims[1] * dims[2] > Math.max(8 * n, 1 << 16)) dims = cellsFor((size *= 2));
    this.cellSize = size;
    this.min = lo as [number, number, number];
    this.dims = dims;
    const cells = dims[0] * dims[1] * dims[2];
    const cellOf = new Uint32Array(n);
    const start = new Uint32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      const c = this.cellIndex(coords[3 * i]!, coords[3 * i + 1]!, coords[3 * i + 2]!);
      cellOf[i] = c;
      start[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, cells);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i;
    this.order = order;
    this.start = start;
  }

  private axis(v: number, d: number): number {
    return Math.floor((v - this.min[d]!) / this.cellSize);
  }

  private cellIndex(x: number, y: number, z: number): number {
    const [nx, ny] = this.dims;
    return (this.axis(z, 2) * ny + this.axis(y, 1)) * nx + this.axis(x, 0);
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
    const r2 = radius * radius;
    const reach = Math.ceil(radius / this.cellSize);
    const [nx, ny, nz] = this.dims;
    const cx = this.axis(x, 0),
      cy = this.axis(y, 1),
      cz = this.axis(z, 2);
    const x0 = Math.max(0, cx - reach),
      x1 = Math.min(nx - 1, cx + reach);
    const y0 = Math.max(0, cy - reach),
      y1 = Math.min(ny - 1, cy + reach);
    const z0 = Math.max(0, cz - reach),
      z1 = Math.min(nz - 1, cz + reach);
    const p = this.coords,
      start = this.start,
      order = this.order;
    let n = 0;
    for (let k = z0; k <= z1; k++)
      for (let j = y0; j <= y1; j++) {
        const row = (k * ny + j) * nx;
        // Cells of one row are contiguous in `order`: scan them as one run.
        for (let s = start[row + x0]!, e = start[row + x1 + 1]!; s < e; s++) {
          const q = order[s]!;
          const dx = p[3 * q]! - x,
            dy = p[3 * q + 1]! - y,
            dz = p[3 * q + 2]! - z;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 <= r2) {
            outIdx[n] = q;
            outD2[n] = d2;
            n++;
          }
        }
      }
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
    const r2 = radius * radius;
    const reach = Math.ceil(radius / this.cellSize);
    const [nx, ny, nz] = this.dims;
    const cx = this.axis(x, 0),
      cy = this.axis(y, 1),
      cz = this.axis(z, 2);
    const x0 = Math.max(0, cx - reach),
      x1 = Math.min(nx - 1, cx + reach);
    const y0 = Math.max(0, cy - reach),
      y1 = Math.min(ny - 1, cy + reach);
    const z0 = Math.max(0, cz - reach),
      z1 = Math.min(nz - 1, cz + reach);
    const p = this.coords;
    for (let k = z0; k <= z1; k++)
      for (let j = y0; j <= y1; j++) {
        const row = (k * ny + j) * nx;
        for (let c = row + x0; c <= row + x1; c++)
          for (let s = this.start[c]!, e = this.start[c + 1]!; s < e; s++) {
            const q = this.order[s]!;
            const dx = p[3 * q]! - x,
              dy = p[3 * q + 1]! - y,
              dz = p[3 * q + 2]! - z;
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 <= r2) visit(q, d2);
          }
      }
  }
}
