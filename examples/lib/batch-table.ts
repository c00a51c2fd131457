/** A batch result laid out on its receptor x ligand grid: the cells, the CSV and the console table. */
import type { CompassBatchResult } from '@compass/sdk/engine';
import type { BatchGrid } from './batch-inputs.js';
import type { HeatmapCell } from './heatmap.js';
import { formatPK } from './prediction-text.js';

/** The CSV's columns; `uncertainty` is empty where the model gives none, `error` where the item succeeded. */
export const BATCH_CSV_HEADER = 'receptor,ligand,pK,uncertainty,tier,model,error';

/** `cells[row][col]` of the grid: the first record's pK and uncertainty, null where the item failed. */
export function batchCells(grid: BatchGrid, batch: CompassBatchResult): (HeatmapCell | null)[][] {
  const byId = new Map(batch.results.map((x) => [x.id, x]));
  return grid.pairs.map((row) =>
    row.map((pair) => {
      const x = byId.get(pair.id);
      const p = x?.ok ? x.predictions[0] : undefined;
      return p ? { pK: p.pK, uncertainty: p.uncertainty } : null;
    }),
  );
}

/** One CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text: a header and one line per grid pair, in row-major order. */
export function batchCsv(grid: BatchGrid, batch: CompassBatchResult): string {
  const byId = new Map(batch.results.map((x) => [x.id, x]));
  const cells = batchCells(grid, batch);
  const lines = [BATCH_CSV_HEADER];
  grid.pairs.forEach((row, r) =>
    row.forEach((pair, c) => {
      const x = byId.get(pair.id);
      const cell = cells[r]![c]!;
      const error = !x
        ? 'MISSING: no result for this item'
        : x.ok
          ? ''
          : `${x.error.code}: ${x.error.message}`;
      lines.push(
        [
          grid.rows[r]!,
          grid.cols[c]!,
          cell ? cell.pK.toFixed(4) : '',
          cell?.uncertainty != null ? cell.uncertainty.toFixed(4) : '',
          batch.tier,
          batch.model,
          error,
        ]
          .map(csvField)
          .join(','),
      );
    }),
  );
  return lines.join('\n') + '\n';
}

/** The grid as console lines: a header of ligand labels, then one line per receptor (`pK ± sd` or `n/a`). */
export function batchTableLines(
  grid: BatchGrid,
  cells: readonly (readonly (HeatmapCell | null)[])[],
): string[] {
  const texts = cells.map((row) => row.map((c) => (c ? formatPK(c) : 'n/a')));
  const width = Math.max(10, ...grid.cols.map((s) => s.length + 2), ...texts.flat().map((s) => s.length + 2));
  const first = Math.max(10, ...grid.rows.map((s) => s.length + 2));
  return [
    ['', ...grid.cols].map((s, i) => s.padStart(i === 0 ? first : width)).join(''),
    ...texts.map((row, r) => [grid.rows[r]!.padStart(first), ...row.map((s) => s.padStart(width))].join('')),
  ];
}
