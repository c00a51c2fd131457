/** A receptor x ligand heatmap as SVG (with labels) and PNG (pngjs, cells only), on one shared colour scale. */
import { PNG } from 'pngjs';

/** A matrix of values with row and column labels; null marks a failed cell. */
export interface HeatmapData {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly values: readonly (readonly (number | null)[])[];
  readonly title: string;
}

/** Viridis-like ramp from dark blue (low) to yellow (high). */
const RAMP: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The colour of `t` in 0..1 on the ramp; grey for a failed cell. */
export function rampColour(t: number | null): [number, number, number] {
  if (t === null || !Number.isFinite(t)) return [200, 200, 200];
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

function scale(data: HeatmapData): (v: number | null) => number | null {
  const finite = data.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return (v) => (v === null ? null : hi > lo ? (v - lo) / (hi - lo) : 0.5);
}

const CELL = 60;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The heatmap as an SVG document with row/column labels and each cell's value. */
export function heatmapSvg(data: HeatmapData): string {
  const t = scale(data);
  const left = 110;
  const top = 70;
  const w = left + data.cols.length * CELL + 20;
  const h = top + data.rows.length * CELL + 20;
  const cells = data.rows.flatMap((_, r) =>
    data.cols.map((_, c) => {
      const v = data.values[r]![c] ?? null;
      const [R, G, B] = rampColour(t(v));
      const x = left + c * CELL;
      const y = top + r * CELL;
      const text = v === null ? 'n/a' : v.toFixed(2);
      const ink = t(v) !== null && t(v)! > 0.6 ? '#000' : '#fff';
      return (
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="rgb(${R},${G},${B})"/>` +
        `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" fill="${ink}" font-size="12" text-anchor="middle">${text}</text>`
      );
    }),
  );
  const colLabels = data.cols.map(
    (c, i) =>
      `<text x="${left + i * CELL + CELL / 2}" y="${top - 8}" font-size="12" text-anchor="middle">${esc(c)}</text>`,
  );
  const rowLabels = data.rows.map(
    (r, i) =>
      `<text x="${left - 8}" y="${top + i * CELL + CELL / 2 + 4}" font-size="12" text-anchor="end">${esc(r)}</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">` +
    `<text x="${left}" y="24" font-size="14">${esc(data.title)}</text>` +
    [...colLabels, ...rowLabels, ...cells].join('') +
    `</svg>\n`
  );
}

/** The heatmap's cells as a PNG (one `cell`-pixel square per value, 2 px gaps), encoded with pngjs. */
export function heatmapPng(data: HeatmapData, cell = 40): Buffer {
  const t = scale(data);
  const gap = 2;
  const png = new PNG({
    width: data.cols.length * (cell + gap) + gap,
    height: data.rows.length * (cell + gap) + gap,
  });
  png.data.fill(255);
  data.rows.forEach((_, r) =>
    data.cols.forEach((_, c) => {
      const [R, G, B] = rampColour(t(data.values[r]![c] ?? null));
      for (let y = 0; y < cell; y++)
        for (let x = 0; x < cell; x++) {
          const i = ((gap + r * (cell + gap) + y) * png.width + gap + c * (cell + gap) + x) * 4;
          png.data[i] = R;
          png.data[i + 1] = G;
          png.data[i + 2] = B;
          png.data[i + 3] = 255;
        }
    }),
  );
  return PNG.sync.write(png);
}
