/** Builds a tiny dataset archive (tar.gz) from FLASH-DOCK files: a manifest CSV and the structures it names. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { batchPose, batchReceptor } from './flashdock.js';

/** A `.tar.gz` with `manifest.csv` (protein,ligand,label = pK) over `pairs` receptor/pose pairs (labels are made up). */
export async function tinyDatasetArchive(pairs = 2): Promise<Buffer> {
  const pack = tar.pack();
  const rows = ['protein,ligand,label'];
  for (let i = 1; i <= pairs; i++) {
    const protein = batchReceptor(i);
    const ligand = batchPose(i, 1);
    for (const file of [protein, ligand]) pack.entry({ name: basename(file) }, await readFile(file));
    rows.push(`${basename(protein)},${basename(ligand)},${(5 + i / 2).toFixed(1)}`);
  }
  pack.entry({ name: 'manifest.csv' }, rows.join('\n') + '\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}
