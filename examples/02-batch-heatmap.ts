/**
 * Example 2: score FLASH-DOCK's batch docking results (4 receptors x 4 ligands) in one batch call and write the
 * receptor x ligand pK matrix as CSV, SVG and PNG. `npm run example -- batch-heatmap [--out dir] [--url ...]`
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompassBatchResult } from '@compass/sdk';
import { parseExampleFlags } from './lib/args.js';
import { connect } from './lib/connect.js';
import { batchPose, batchReceptor } from './lib/flashdock.js';
import { heatmapPng, heatmapSvg } from './lib/heatmap.js';

const N = 4;

/** What the example returns (tests check it). */
export interface BatchHeatmapResult {
  readonly batch: CompassBatchResult;
  /** pK[receptor][ligand] (first record of each pose file), null where the item failed. */
  readonly matrix: (number | null)[][];
  readonly files: { readonly csv: string; readonly svg: string; readonly png: string };
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<BatchHeatmapResult> {
  const flags = parseExampleFlags(args);
  const out = flags.out ?? join(process.cwd(), 'examples-output');
  const items = [];
  for (let r = 1; r <= N; r++)
    for (let l = 1; l <= N; l++)
      items.push({
        id: `receptor${r}:ligand${l}`,
        protein: { path: batchReceptor(r) },
        ligand: { path: batchPose(r, l) },
      });
  const conn = await connect(flags);
  try {
    const batch = await conn.compass.batch(items);
    const byId = new Map(batch.results.map((x) => [x.id, x]));
    const matrix: (number | null)[][] = [];
    const lines = ['receptor,ligand,pK,tier,model,error'];
    for (let r = 1; r <= N; r++) {
      const row: (number | null)[] = [];
      for (let l = 1; l <= N; l++) {
        const x = byId.get(`receptor${r}:ligand${l}`);
        const pK = x?.ok ? (x.predictions[0]?.pK ?? null) : null;
        row.push(pK);
        const error = x && !x.ok ? `"${x.error.code}: ${x.error.message.replace(/"/g, "'")}"` : '';
        lines.push(
          `receptor${r},ligand${l},${pK === null ? '' : pK.toFixed(4)},${batch.tier},${batch.model},${error}`,
        );
      }
      matrix.push(row);
    }
    await mkdir(out, { recursive: true });
    const files = {
      csv: join(out, 'batch-pK.csv'),
      svg: join(out, 'batch-pK.svg'),
      png: join(out, 'batch-pK.png'),
    };
    const data = {
      rows: Array.from({ length: N }, (_, i) => `receptor${i + 1}`),
      cols: Array.from({ length: N }, (_, i) => `ligand${i + 1}`),
      values: matrix,
      title: `pK by ${batch.tier} (${batch.model})`,
    };
    await writeFile(files.csv, lines.join('\n') + '\n');
    await writeFile(files.svg, heatmapSvg(data));
    await writeFile(files.png, heatmapPng(data));
    log(`scored ${batch.results.length} poses on ${batch.tier} (${batch.servedBy}), model ${batch.model}`);
    for (const f of batch.fallbacks) log(`  fell back past ${f.tier}: ${f.reason}: ${f.message}`);
    log(['', ...data.cols].map((s) => s.padStart(10)).join(''));
    matrix.forEach((row, r) =>
      log(
        [data.rows[r]!, ...row.map((v) => (v === null ? 'n/a' : v.toFixed(2)))]
          .map((s) => s.padStart(10))
          .join(''),
      ),
    );
    log(`wrote ${files.csv}, ${files.svg}, ${files.png}`);
    return { batch, matrix, files };
  } finally {
    await conn.close();
  }
}
