/** The heatmap renders its labels, values and legend into the PNG (resvg with the bundled font), not cells only. */
import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { colourRange, rampColour } from '../lib/colour-scale.js';
import { heatmapLayout, heatmapSvg, type Box, type HeatmapData } from '../lib/heatmap.js';
import { HEATMAP_FONT_FILE, heatmapPng } from '../lib/heatmap-png.js';

const SCALE = 2;
const grid = (pK: (number | null)[][], sd?: (r: number, c: number) => number): HeatmapData => ({
  rows: pK.map((_, r) => `receptor${r + 1}`),
  cols: pK[0]!.map((_, c) => `ligand${c + 1}`),
  cells: pK.map((row, r) =>
    row.map((v, c) => (v === null ? null : { pK: v, uncertainty: sd ? sd(r, c) : null })),
  ),
  title: 'pK by remote (test-model)',
});
const VALUES = [
  [7.08, 7.1, 7.13, 7.11],
  [7.09, 7.12, 7.1, 7.08],
  [7.1, 6.2, 7.1, 7.13],
  [7.0, 7.2, null, 7.1],
];

function decode(data: HeatmapData) {
  const png = PNG.sync.read(heatmapPng(data, SCALE));
  const at = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
  };
  /** Pixels of `box` (SVG units) that differ from `bg` by more than 80 in some channel: glyph ink. */
  const ink = (box: Box, bg: readonly number[] = [255, 255, 255]) => {
    let n = 0;
    for (let y = Math.floor(box.y * SCALE); y < Math.ceil((box.y + box.height) * SCALE); y++)
      for (let x = Math.floor(box.x * SCALE); x < Math.ceil((box.x + box.width) * SCALE); x++)
        if (at(x, y).some((v, k) => Math.abs(v - bg[k]!) > 80)) n++;
    return n;
  };
  return { png, at, ink, layout: heatmapLayout(data) };
}

describe('heatmap PNG', () => {
  it('is the SVG layout at 2x, with ink in the title, every label and both legend values', () => {
    const { png, ink, layout } = decode(grid(VALUES));
    expect([png.width, png.height]).toEqual([layout.width * SCALE, layout.height * SCALE]);
    expect(ink(layout.title)).toBeGreaterThan(100);
    for (const box of [...layout.rowLabels, ...layout.colLabels]) expect(ink(box)).toBeGreaterThan(40);
    expect(ink(layout.legendMax)).toBeGreaterThan(30);
    expect(ink(layout.legendMin)).toBeGreaterThan(30);
    // Control: the margin under the grid holds nothing, so the counts above are text, not noise.
    expect(layout.note).toBeNull();
    expect(ink({ x: 0, y: layout.height - 14, width: layout.width, height: 14 })).toBe(0);
  });

  it('colours cells and the legend bar on one scale: the ends of the range get the ends of the ramp', () => {
    const { at, layout } = decode(grid(VALUES));
    const range = colourRange(VALUES.flat().filter((v): v is number => v !== null))!;
    // 15 values: the colour range is the 10th-90th percentile, so the wild 6.2 cannot wash the others out.
    expect([range.min, range.max, range.clippedLow, range.clippedHigh]).toEqual([7.0, 7.13, true, true]);
    const corner = (r: number, c: number) =>
      at(
        (layout.gridX + c * layout.cellWidth + 6) * SCALE,
        (layout.gridY + r * layout.cellHeight + 6) * SCALE,
      );
    expect(corner(2, 1)).toEqual(rampColour(0)); // 6.2, clipped low
    expect(corner(3, 0)).toEqual(rampColour(0)); // 7.0 = min
    expect(corner(0, 2)).toEqual(rampColour(1)); // 7.13 = max
    expect(corner(3, 1)).toEqual(rampColour(1)); // 7.2, clipped high
    expect(corner(3, 2)).toEqual([238, 238, 238]); // failed cell
    const bar = layout.legendBar;
    expect(at((bar.x + 7) * SCALE, (bar.y + 2) * SCALE)).toEqual(rampColour(1));
    expect(at((bar.x + 7) * SCALE, (bar.y + bar.height - 2) * SCALE)).toEqual(rampColour(0));
    expect(heatmapSvg(grid(VALUES))).toContain('>≥7.13<');
    expect(heatmapSvg(grid(VALUES))).toContain('>≤7.00<');
  });

  it('writes ± the uncertainty under the pK in each cell, and says what it means', () => {
    const plain = decode(grid(VALUES));
    const withSd = decode(grid(VALUES, (r, c) => 0.1 + 0.05 * c + r / 100));
    expect(withSd.layout.note).not.toBeNull();
    expect(withSd.ink(withSd.layout.note!)).toBeGreaterThan(200);
    // The band below the cell's centre: the "± sd" line when there is one, bare cell colour otherwise.
    const band = (L: typeof plain.layout, r: number, c: number): Box => ({
      x: L.gridX + c * L.cellWidth + 8,
      y: L.gridY + r * L.cellHeight + L.cellHeight / 2 + 7,
      width: L.cellWidth - 16,
      height: 10,
    });
    const range = colourRange(VALUES.flat().filter((v): v is number => v !== null))!;
    const fill = rampColour(range.position(7.11));
    expect(plain.ink(band(plain.layout, 0, 3), fill)).toBe(0);
    expect(withSd.ink(band(withSd.layout, 0, 3), fill)).toBeGreaterThan(20);
    const svg = heatmapSvg(grid(VALUES, (r, c) => 0.1 + 0.05 * c + r / 100));
    expect(svg).toContain('>± 0.25<');
    expect(svg).toContain('>7.11<');
  });

  it('renders text without system fonts (the bundled DejaVu Sans)', () => {
    expect(existsSync(HEATMAP_FONT_FILE)).toBe(true);
    // A one-cell map whose only dark pixels can be glyphs: the label and the legend value boxes have ink.
    const one = decode({ rows: ['r'], cols: ['a'], cells: [[{ pK: 6.5, uncertainty: null }]], title: 'T' });
    expect(one.ink(one.layout.legendMax)).toBeGreaterThan(20);
    expect(heatmapSvg({ rows: ['r'], cols: ['a'], cells: [[null]], title: 'a<b & c' })).toContain(
      '>a&lt;b &amp; c<',
    );
  });

  it('refuses cells that do not match the labels, naming the row', () => {
    const bad = { ...grid(VALUES), cells: [...grid(VALUES).cells.slice(0, 3), [null, null]] };
    expect(() => heatmapPng(bad)).toThrow(
      expect.objectContaining({ code: 'EXAMPLE_BAD_HEATMAP', details: { field: 'cells[3]' } }),
    );
    expect(() => heatmapSvg({ ...grid(VALUES), rows: ['only one'] })).toThrow(
      /4 rows of cells for 1 row labels/,
    );
  });
});
