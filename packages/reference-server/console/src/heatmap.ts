/** A hand-drawn SVG heatmap (rows x columns of pK) and its export as a PNG image. */
import { svg } from './dom.js';

/** A few stops of the viridis colour map (perceptually uniform, readable in greyscale). */
const VIRIDIS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Colour of `t` in [0, 1] on the viridis map. */
export function viridis(t: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(VIRIDIS[i] as string);
  const b = hexToRgb(VIRIDIS[i + 1] as string);
  return `rgb(${a.map((v, k) => Math.round(v + ((b[k] as number) - v) * f)).join(',')})`;
}

/** Draws `rows` x `cols` cells; `value(r, c)` undefined leaves a hatched empty cell. */
export function heatmapSvg(
  rows: readonly string[],
  cols: readonly string[],
  value: (row: string, col: string) => number | undefined,
  title: string,
): SVGElement {
  const cell = 64;
  const left = 110;
  const top = 40;
  const legend = 40;
  const width = left + cols.length * cell + legend + 44;
  const height = top + rows.length * cell + 30;
  const values = rows
    .flatMap((r) => cols.map((c) => value(r, c)))
    .filter((v): v is number => v !== undefined);
  // The colour range is the 10th-90th percentile, so one wild value (a clashing pose) cannot wash out the rest;
  // cells beyond it take the end colours and the legend says so.
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.round(q * (sorted.length - 1))] ?? 0;
  let min = sorted.length >= 5 ? quantile(0.1) : (sorted[0] ?? 0);
  let max = sorted.length >= 5 ? quantile(0.9) : (sorted[sorted.length - 1] ?? 1);
  if (!(max > min)) {
    min = sorted[0] ?? 0;
    max = sorted[sorted.length - 1] ?? 1;
  }
  const clippedLow = (sorted[0] ?? min) < min;
  const clippedHigh = (sorted[sorted.length - 1] ?? max) > max;
  const scale = (v: number) => (max > min ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0.5);
  const root = svg('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': title,
    class: 'heatmap',
    'data-testid': 'heatmap',
    'data-rows': rows.length,
    'data-cols': cols.length,
  });
  root.appendChild(svg('rect', { x: 0, y: 0, width, height, fill: '#fff' }));
  cols.forEach((c, j) => {
    const label = svg('text', {
      x: left + j * cell + cell / 2,
      y: top - 10,
      'text-anchor': 'middle',
      'font-size': 12,
      'font-family': 'sans-serif',
    });
    label.textContent = c;
    root.appendChild(label);
  });
  rows.forEach((r, i) => {
    const label = svg('text', {
      x: left - 8,
      y: top + i * cell + cell / 2 + 4,
      'text-anchor': 'end',
      'font-size': 12,
      'font-family': 'sans-serif',
    });
    label.textContent = r;
    root.appendChild(label);
    cols.forEach((c, j) => {
      const v = value(r, c);
      const x = left + j * cell;
      const y = top + i * cell;
      const rect = svg('rect', {
        x: x + 1,
        y: y + 1,
        width: cell - 2,
        height: cell - 2,
        rx: 3,
        fill: v === undefined ? '#eee' : viridis(scale(v)),
        'data-cell': `${r}|${c}`,
        'data-value': v === undefined ? '' : v.toFixed(3),
      });
      const tip = svg('title');
      tip.textContent = `${r} × ${c}: ${v === undefined ? '—' : `pK ${v.toFixed(2)}`}`;
      rect.appendChild(tip);
      root.appendChild(rect);
      const text = svg('text', {
        x: x + cell / 2,
        y: y + cell / 2 + 4,
        'text-anchor': 'middle',
        'font-size': 13,
        'font-family': 'sans-serif',
        fill: v !== undefined && scale(v) > 0.6 ? '#000' : '#fff',
      });
      text.textContent = v === undefined ? '—' : v.toFixed(2);
      if (v === undefined) text.setAttribute('fill', '#666');
      root.appendChild(text);
    });
  });
  // Legend: a vertical gradient from min (bottom) to max (top).
  const lx = left + cols.length * cell + 14;
  const steps = 20;
  const lh = rows.length * cell;
  for (let k = 0; k < steps; k++) {
    root.appendChild(
      svg('rect', {
        x: lx,
        y: top + (lh * k) / steps,
        width: 14,
        height: lh / steps + 0.5,
        fill: viridis(1 - k / (steps - 1)),
      }),
    );
  }
  for (const [v, y, clipped, sign] of [
    [max, top + 10, clippedHigh, '≥'],
    [min, top + lh, clippedLow, '≤'],
  ] as const) {
    const text = svg('text', { x: lx + 18, y, 'font-size': 11, 'font-family': 'sans-serif' });
    text.textContent = `${clipped ? sign : ''}${v.toFixed(1)}`;
    root.appendChild(text);
  }
  return root;
}

/** Renders an SVG element to a PNG Blob (2x for sharpness). */
export async function svgToPng(el: SVGElement): Promise<Blob> {
  const source = new XMLSerializer().serializeToString(el);
  const url = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the heatmap could not be rendered to an image'));
      img.src = url;
    });
    const w = Number(el.getAttribute('width'));
    const hgt = Number(el.getAttribute('height'));
    const canvas = document.createElement('canvas');
    canvas.width = w * 2;
    canvas.height = hgt * 2;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2D canvas');
    g.scale(2, 2);
    g.drawImage(img, 0, 0, w, hgt);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
