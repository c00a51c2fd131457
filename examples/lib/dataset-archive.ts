/**
 * Builds a tiny dataset archive (tar.gz): a manifest CSV and the structures it names, from the FLASH-DOCK files
 * when the shared data has them, else from the committed tyk2 inputs (examples/data) with their measured pK.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { EXAMPLE_LIGANDS, exampleLigand, exampleMeasuredPK, examplePocket } from './example-data.js';
import { batchPose, batchReceptor, flashdockAvailable } from './flashdock.js';

/** The pairs and labels of the archive: FLASH-DOCK receptor i x ligand 1 (labels made up), else tyk2 x ligand i. */
function rows(pairs: number): { protein: string; ligand: string; label: number }[] {
  return Array.from({ length: pairs }, (_, k) =>
    flashdockAvailable()
      ? { protein: batchReceptor(k + 1), ligand: batchPose(k + 1, 1), label: 5 + (k + 1) / 2 }
      : {
          protein: examplePocket(),
          ligand: exampleLigand(EXAMPLE_LIGANDS[k % EXAMPLE_LIGANDS.length]!),
          label: exampleMeasuredPK(EXAMPLE_LIGANDS[k % EXAMPLE_LIGANDS.length]!),
        },
  );
}

/** A `.tar.gz` with `manifest.csv` (protein,ligand,label = pK) over `pairs` protein/pose pairs (at most 4). */
export async function tinyDatasetArchive(pairs = 2): Promise<Buffer> {
  const pack = tar.pack();
  const manifest = ['protein,ligand,label'];
  const packed = new Set<string>();
  for (const { protein, ligand, label } of rows(pairs)) {
    for (const file of [protein, ligand])
      if (!packed.has(file)) {
        pack.entry({ name: basename(file) }, await readFile(file));
        packed.add(file);
      }
    manifest.push(`${basename(protein)},${basename(ligand)},${label.toFixed(2)}`);
  }
  pack.entry({ name: 'manifest.csv' }, manifest.join('\n') + '\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}
