/**
 * A receptor x ligand pK heatmap as SVG: labels, each cell's pK (with ± its uncertainty when known) and a colour
 * legend with the range's min and max. The PNG is this SVG rendered (heatmap-png.ts), so both share one layout.
 */
import { colourRange, rampColour, type ColourRange } from './colour-scale.js';
import { ExampleError } from './errors.js';

/** One cell's value: the pK and, when the model estimates one, its standard deviation. */
export interface HeatmapCell {
  readonly pK: number;
  readonly uncertainty: number | null;
}

/** A matrix of cells with row (receptor) and column (ligand) labels; null marks a failed cell. */
export interface HeatmapData {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** `cells[row][col]`. */
  readonly cells: readonly (readonly (HeatmapCell | null)[])[];
  readonly title: string;
}

/** A rectangle in SVG user units (1 unit = 1 px of the SVG, `scale` px of the PNG). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where everything goes: the one layout the SVG, and so the PNG, is drawn from (tests locate text with it). */
export interface HeatmapLayout {
  readonly width: number;
  readonly height: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** The top-left corner of cell (0, 0). */
  readonly gridX: number;
  readonly gridY: number;
  readonly title: Box;
  /** Per row, where its label is written (right-aligned to the box's right edge). */
  readonly rowLabels: readonly Box[];
  /** Per column, where its label is written (centred). */
  readonly colLabels: readonly Box[];
  /** The gradient bar, max at the top. */
  readonly legendBar: Box;
  /** Where the legend's max and min values are written. */
  readonly legendMax: Box;
  readonly legendMin: Box;
  /** The footnote that says what ± means, when any cell has an uncertainty. */
  readonly note: Box | null;
}

// Width estimates for DejaVu Sans (the bundled font): about 0.62 em per character on average.
const charWidth = (fontSize: number) => fontSize * 0.62;
const FONT = 'DejaVu Sans, sans-serif';
const LABEL = 12;
const TITLE = 14;
const VALUE = 13;
const SMALL = 11;

const legendText = (v: number, clipped: boolean, sign: string) => `${clipped ? sign : ''}${v.toFixed(2)}`;
const hasUncertainty = (data: HeatmapData) =>
  data.cells.some((row) => row.some((c) => c?.uncertainty != null));
const NOTE = 'cell: pK ± standard deviation across the model’s members';

/** Checks that `cells` is rows x cols; throws EXAMPLE_BAD_HEATMAP naming the first row that is not. */
function checkShape(data: HeatmapData): void {
  if (data.cells.length !== data.rows.length)
    throw new ExampleError(
      'EXAMPLE_BAD_HEATMAP',
      `heatmap: ${data.cells.length} rows of cells for ${data.rows.length} row labels`,
      { details: { field: 'cells' } },
    );
  data.cells.forEach((row, r) => {
    if (row.length !== data.cols.length)
      throw new ExampleError(
        'EXAMPLE_BAD_HEATMAP',
        `heatmap: row ${r} (${data.rows[r]}) has ${row.length} cells for ${data.cols.length} columns`,
        { details: { field: `cells[${r}]` } },
      );
  });
}

/** The layout of `data`: cells wide enough for the longest column label, a legend at least 120 px tall. */
export function heatmapLayout(data: HeatmapData): HeatmapLayout {
  checkShape(data);
  const longest = (xs: readonly string[]) => Math.max(0, ...xs.map((s) => s.length));
  const cellWidth = Math.max(64, Math.ceil(longest(data.cols) * charWidth(LABEL)) + 10);
  const cellHeight = 64;
  const gridX = Math.max(60, Math.ceil(longest(data.rows) * charWidth(LABEL)) + 24);
  const gridY = 58;
  const gridHeight = data.rows.length * cellHeight;
  const legendX = gridX + data.cols.length * cellWidth + 18;
  const legendHeight = Math.max(120, gridHeight);
  const legendBar = { x: legendX, y: gridY, width: 14, height: legendHeight };
  const range = colourRange(values(data));
  const legendLabelWidth = range
    ? Math.ceil(
        charWidth(SMALL) *
          Math.max(
            legendText(range.max, range.clippedHigh, '≥').length,
            legendText(range.min, range.clippedLow, '≤').length,
          ),
      )
    : 0;
  const note = hasUncertainty(data)
    ? { x: 12, y: gridY + legendHeight + 10, width: Math.ceil(NOTE.length * charWidth(SMALL)), height: 14 }
    : null;
  const title = { x: 12, y: 10, width: Math.ceil(data.title.length * charWidth(TITLE)), height: 18 };
  const width = Math.max(
    legendX + 14 + 6 + legendLabelWidth + 12,
    title.x + title.width + 12,
    (note?.width ?? 0) + 24,
  );
  return {
    width,
    height: gridY + legendHeight + (note ? 34 : 16),
    cellWidth,
    cellHeight,
    gridX,
    gridY,
    title,
    rowLabels: data.rows.map((r, i) => {
      const w = Math.ceil(r.length * charWidth(LABEL));
      return { x: gridX - 8 - w, y: gridY + i * cellHeight + cellHeight / 2 - 8, width: w, height: 12 };
    }),
    colLabels: data.cols.map((c, j) => {
      const w = Math.ceil(c.length * charWidth(LABEL));
      return { x: gridX + j * cellWidth + (cellWidth - w) / 2, y: gridY - 22, width: w, height: 12 };
    }),
    legendBar,
    legendMax: { x: legendX + 20, y: gridY, width: legendLabelWidth, height: 11 },
    legendMin: { x: legendX + 20, y: gridY + legendHeight - 11, width: legendLabelWidth, height: 11 },
    note,
  };
}

function values(data: HeatmapData): number[] {
  return data.cells.flatMap((row) => row.flatMap((c) => (c ? [c.pK] : [])));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rgb = ([r, g, b]: readonly number[]) => `rgb(${r},${g},${b})`;
/** SVG text whose baseline sits so the glyphs fill `box` (cap height ~0.73 em). */
const text = (x: number, box: Box, size: number, body: string, attrs = '') =>
  `<text x="${x}" y="${box.y + box.height}" font-size="${size}"${attrs}>${esc(body)}</text>`;

function cellSvg(
  cell: HeatmapCell | null,
  x: number,
  y: number,
  L: HeatmapLayout,
  range: ColourRange | null,
) {
  const t = cell && range ? range.position(cell.pK) : null;
  const rect = `<rect x="${x + 1}" y="${y + 1}" width="${L.cellWidth - 2}" height="${L.cellHeight - 2}" rx="3" fill="${rgb(rampColour(t))}"/>`;
  const cx = x + L.cellWidth / 2;
  const ink = t === null ? '#666' : t > 0.6 ? '#000' : '#fff';
  const at = (dy: number, size: number, body: string) =>
    `<text x="${cx}" y="${y + L.cellHeight / 2 + dy}" font-size="${size}" fill="${ink}" text-anchor="middle">${esc(body)}</text>`;
  if (!cell) return rect + at(5, VALUE, 'n/a');
  if (cell.uncertainty === null) return rect + at(5, VALUE, cell.pK.toFixed(2));
  return rect + at(0, VALUE, cell.pK.toFixed(2)) + at(16, SMALL, `± ${cell.uncertainty.toFixed(2)}`);
}

/** The heatmap as an SVG document (fonts: DejaVu Sans, else the viewer's sans-serif). */
export function heatmapSvg(data: HeatmapData): string {
  const L = heatmapLayout(data);
  const range = colourRange(values(data));
  const parts = [
    `<rect x="0" y="0" width="${L.width}" height="${L.height}" fill="#fff"/>`,
    text(L.title.x, L.title, TITLE, data.title),
    ...data.cols.map((c, j) =>
      text(L.colLabels[j]!.x + L.colLabels[j]!.width / 2, L.colLabels[j]!, LABEL, c, ' text-anchor="middle"'),
    ),
    ...data.rows.map((r, i) => text(L.gridX - 8, L.rowLabels[i]!, LABEL, r, ' text-anchor="end"')),
    ...data.cells.flatMap((row, i) =>
      row.map((cell, j) => cellSvg(cell, L.gridX + j * L.cellWidth, L.gridY + i * L.cellHeight, L, range)),
    ),
  ];
  const bar = L.legendBar;
  const steps = 24;
  for (let k = 0; k < steps; k++)
    parts.push(
      `<rect x="${bar.x}" y="${bar.y + (bar.height * k) / steps}" width="${bar.width}" height="${bar.height / steps + 0.5}" fill="${rgb(rampColour(1 - k / (steps - 1)))}"/>`,
    );
  parts.push(text(bar.x - 2, { ...bar, y: bar.y - 20, height: 12 }, SMALL, 'pK'));
  if (range) {
    parts.push(text(L.legendMax.x, L.legendMax, SMALL, legendText(range.max, range.clippedHigh, '≥')));
    parts.push(text(L.legendMin.x, L.legendMin, SMALL, legendText(range.min, range.clippedLow, '≤')));
  }
  if (L.note) parts.push(text(L.note.x, L.note, SMALL, NOTE, ' fill="#333"'));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="${FONT}">` +
    parts.join('') +
    `</svg>\n`
  );
}
