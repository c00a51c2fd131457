/**
 * Example 2: score FLASH-DOCK's batch docking results (4 receptors x 4 ligands) in one batch call and write the
 * receptor x ligand pK matrix as CSV, SVG and PNG; without the shared data, the committed tyk2 pocket x its four
 * ligands (examples/data). `npm run example -- batch-heatmap [--out dir] [--url ...]`
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompassBatchResult } from '@compass/sdk/engine';
import { parseExampleFlags } from './lib/args.js';
import { batchGrid, type BatchGrid } from './lib/batch-inputs.js';
import { batchCells, batchCsv, batchTableLines } from './lib/batch-table.js';
import { connect } from './lib/connect.js';
import { heatmapSvg, type HeatmapCell, type HeatmapData } from './lib/heatmap.js';
import { heatmapPng } from './lib/heatmap-png.js';

/** What the example returns (tests check it). */
export interface BatchHeatmapResult {
  readonly grid: BatchGrid;
  readonly batch: CompassBatchResult;
  /** pK[receptor][ligand] (first record of each pose file), null where the item failed. */
  readonly matrix: (number | null)[][];
  /** The same cells with their uncertainty (null where the model gives none). */
  readonly cells: (HeatmapCell | null)[][];
  /** What the SVG and PNG were drawn from. */
  readonly heatmap: HeatmapData;
  readonly files: { readonly csv: string; readonly svg: string; readonly png: string };
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<BatchHeatmapResult> {
  const flags = parseExampleFlags(args);
  const out = flags.out ?? join(process.cwd(), 'examples-output');
  const grid = batchGrid();
  if (grid.source !== 'flashdock')
    log(`note: the FLASH-DOCK files are not in the shared data; scoring the committed ${grid.source} inputs`);
  const items = grid.pairs
    .flat()
    .map((p) => ({ id: p.id, protein: { path: p.protein }, ligand: { path: p.ligand } }));
  const conn = await connect(flags);
  try {
    const batch = await conn.compass.batch(items);
    const cells = batchCells(grid, batch);
    await mkdir(out, { recursive: true });
    const files = {
      csv: join(out, 'batch-pK.csv'),
      svg: join(out, 'batch-pK.svg'),
      png: join(out, 'batch-pK.png'),
    };
    const data: HeatmapData = {
      rows: grid.rows,
      cols: grid.cols,
      cells,
      title: `pK by ${batch.tier} (${batch.model})`,
    };
    await writeFile(files.csv, batchCsv(grid, batch));
    await writeFile(files.svg, heatmapSvg(data));
    await writeFile(files.png, heatmapPng(data));
    log(`scored ${batch.results.length} poses on ${batch.tier} (${batch.servedBy}), model ${batch.model}`);
    for (const f of batch.fallbacks) log(`  fell back past ${f.tier}: ${f.reason}: ${f.message}`);
    for (const line of batchTableLines(grid, cells)) log(line);
    for (const x of batch.results) if (!x.ok) log(`  ${x.id} failed: ${x.error.code}: ${x.error.message}`);
    log(`wrote ${files.csv}, ${files.svg}, ${files.png}`);
    return {
      grid,
      batch,
      matrix: cells.map((row) => row.map((c) => c?.pK ?? null)),
      cells,
      heatmap: data,
      files,
    };
  } finally {
    await conn.close();
  }
}
