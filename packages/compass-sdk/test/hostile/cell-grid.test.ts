/**
 * The cell grid behind the cell list and the Vina receptor: its sparse layout (used when the bounding box is huge)
 * finds exactly what the dense layout and a brute-force scan find, and its memory follows the point count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellGrid } from '../../src/structure/cell-grid.js';

// every point within `radius` of q, found through the grid's row runs
function within(grid: CellGrid, coords: Float64Array, q: number[], radius: number): number[] {
  const reach = Math.ceil(radius / grid.cellSize);
  const c = [0, 1, 2].map((d) => grid.axis(q[d]!, d as 0 | 1 | 2));
  const lo = c.map((v) => Math.max(0, v - reach));
  const hi = c.map((v, d) => Math.min(grid.dims[d]! - 1, v + reach));
  const run = new Uint32Array(2);
  const out: number[] = [];
  if (lo[0]! > hi[0]!) return out;
  for (let z = lo[2]!; z <= hi[2]!; z++)
    for (let y = lo[1]!; y <= hi[1]!; y++) {
      if (!grid.rowRun(y, z, lo[0]!, hi[0]!, run)) continue;
      for (let s = run[0]!; s < run[1]!; s++) {
        const i = grid.order[s]!;
        const d2 = [0, 1, 2].reduce((a, d) => a + (coords[3 * i + d]! - q[d]!) ** 2, 0);
        if (d2 <= radius * radius) out.push(i);
      }
    }
  return out.sort((a, b) => a - b);
}

function brute(coords: Float64Array, q: number[], radius: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < coords.length / 3; i++) {
    const d2 = [0, 1, 2].reduce((a, d) => a + (coords[3 * i + d]! - q[d]!) ** 2, 0);
    if (d2 <= radius * radius) out.push(i);
  }
  return out;
}

const coordinate = fc.oneof(
  fc.double({ min: -1e5, max: 1e5, noNaN: true }),
  fc.double({ min: -6, max: 6, noNaN: true }),
  fc.constantFrom(0, 1e5, -1e5),
);
const point = fc.tuple(coordinate, coordinate, coordinate);

describe('CellGrid', () => {
  it('dense and sparse layouts answer radius queries exactly like a brute-force scan', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 80 }),
        fc.array(point, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0.5, 2, 4),
        (pts, queries, cell) => {
          const coords = Float64Array.from(pts.flat());
          const n = pts.length;
          const sparse = CellGrid.build(coords, n, cell, 0);
          const small = sparse.dims[0] * sparse.dims[1] * sparse.dims[2] < 1e6;
          const dense = small ? CellGrid.build(coords, n, cell, Infinity) : undefined;
          for (const q of [...queries, pts[0]!]) {
            const want = brute(coords, q, 5);
            expect(within(sparse, coords, q, 5)).toEqual(want);
            if (dense) expect(within(dense, coords, q, 5)).toEqual(want);
          }
          if (dense) expect(sparse.maxOccupancy()).toBe(dense.maxOccupancy());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts crowding per cell in both layouts', () => {
    const coords = Float64Array.from([0, 0, 0, 0.1, 0, 0, 0.2, 0, 0, 50, 50, 50, 50, 50, 50]);
    expect(CellGrid.build(coords, 5, 1, Infinity).maxOccupancy()).toBe(3);
    expect(CellGrid.build(coords, 5, 1, 0).maxOccupancy()).toBe(3);
  });

  it('keeps memory O(n) for points at opposite corners of the +-1e5 A box', () => {
    const heap0 = process.memoryUsage().heapUsed;
    const coords = Float64Array.from([-1e5, -1e5, -1e5, 1e5, 1e5, 1e5]);
    const grid = CellGrid.build(coords, 2, 0.5);
    expect(grid.cellSize).toBe(0.5);
    expect(within(grid, coords, [1e5, 1e5, 1e5], 1)).toEqual([1]);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(8 << 20);
  });
});
