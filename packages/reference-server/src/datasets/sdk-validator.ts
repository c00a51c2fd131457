/** The dataset check through @compass/sdk: extract the archive safely, then open it as a training dataset. */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ArchiveLimits, importArchive, openDatasetDir } from '@compass/sdk/engine';
import { type DatasetValidator } from './validator.js';

/** Folder an uploaded archive is extracted into (next to the upload): what training reads. */
export function extractedDatasetDir(uploadPath: string): string {
  return join(dirname(uploadPath), 'extracted');
}

const SUFFIX_FORMAT: readonly (readonly [string, string])[] = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
];

/**
 * A {@link DatasetValidator} that extracts with the sdk's `importArchive` (file count, size and compression-ratio
 * limits), refuses archives whose content is not what their name says or that carry unsafe entries (path
 * traversal, absolute paths, links), and opens the result with `openDatasetDir`, counting its complexes.
 * The extracted folder stays at {@link extractedDatasetDir} for training; it is removed when the check fails.
 */
export function sdkDatasetValidator(limits: ArchiveLimits = {}): DatasetValidator {
  return async (path, { originalName }) => {
    const dest = extractedDatasetDir(path);
    try {
      const report = await importArchive(path, dest, limits);
      const named = SUFFIX_FORMAT.find(([s]) => originalName.toLowerCase().endsWith(s))?.[1];
      if (named && named !== report.format)
        throw new Error(`the file is named ${originalName} but holds a ${report.format} archive`);
      const unsafe = report.skipped.filter((s) => !/director/i.test(s.reason));
      if (unsafe.length > 0) {
        const first = unsafe[0]!;
        throw new Error(
          `the archive has ${unsafe.length} unsafe entr${unsafe.length === 1 ? 'y' : 'ies'} (${first.name}: ${first.reason})`,
        );
      }
      if (report.files.length === 0) throw new Error('the archive holds no files');
      const dataset = await openDatasetDir(dest);
      if (dataset.items.length === 0) throw new Error('the dataset holds no complexes');
      return {
        counts: {
          complexes: dataset.items.length,
          files: report.files.length,
          bytes: report.totalBytes,
        },
      };
    } catch (e) {
      await rm(dest, { recursive: true, force: true });
      throw e;
    }
  };
}
