/** Model packages as tar.gz archives, for upload and download: only the package's own files, validated on unpack. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { ModelCard } from './card.js';
import { MODEL_FILES } from './card.js';
import { ModelPackageError } from './errors.js';
import { loadModelPackage } from './load.js';

const NAMES: readonly string[] = [MODEL_FILES.card, MODEL_FILES.onnx, MODEL_FILES.params];
/** Unpacked size limit: far above any COMPASS model, far below a decompression bomb. */
const MAX_UNPACKED = 1 << 30;

/**
 * Pack the package in `dir` (validated first) into a tar.gz buffer holding `model.json`, `inference.onnx` and
 * `params.safetensors` at its root.
 *
 * @example
 * const buf = await packModelArchive('models/my-model');
 * await unpackModelArchive(buf, '/srv/models/my-model');
 */
export async function packModelArchive(dir: string): Promise<Buffer> {
  await loadModelPackage(dir);
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const name of NAMES) {
    const data = await readFile(join(dir, name));
    pack.entry({ name, size: data.length, mode: 0o644, mtime: new Date(0) }, data);
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

async function readEntries(tarBytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '');
      const parts: Buffer[] = [];
      stream.on('data', (c) => parts.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'directory' && name.replace(/\/$/, '') === '') return next();
        if (header.type !== 'file' || !NAMES.includes(name) || files.has(name)) {
          next(
            new ModelPackageError(
              'MODEL_PACKAGE_BAD_ARCHIVE',
              `unexpected archive entry "${header.name}" (${header.type}): a model archive holds only ${NAMES.join(', ')}`,
              { details: { entry: header.name } },
            ),
          );
          return;
        }
        files.set(name, Buffer.concat(parts));
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([tarBytes]).pipe(extract);
  await done;
  return files;
}

/**
 * Unpack a tar.gz model archive into `destDir` (replacing what is there) after validating it as a package: a
 * temporary sibling folder is filled, loaded with {@link loadModelPackage}, then renamed into place. Returns the card.
 *
 * @throws {ModelPackageError} MODEL_PACKAGE_BAD_ARCHIVE for anything but a gzip tar of exactly the package files;
 *   any load error of the unpacked package.
 */
export async function unpackModelArchive(archive: Uint8Array, destDir: string): Promise<ModelCard> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(archive, { maxOutputLength: MAX_UNPACKED });
  } catch (e) {
    throw new ModelPackageError(
      'MODEL_PACKAGE_BAD_ARCHIVE',
      `not a usable gzip archive: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  let files: Map<string, Buffer>;
  try {
    files = await readEntries(tarBytes);
  } catch (e) {
    if (e instanceof ModelPackageError) throw e;
    throw new ModelPackageError('MODEL_PACKAGE_BAD_ARCHIVE', `not a tar archive: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const missing = NAMES.filter((n) => !files.has(n));
  if (missing.length > 0)
    throw new ModelPackageError('MODEL_PACKAGE_BAD_ARCHIVE', `archive lacks ${missing.join(', ')}`, {
      details: { missing },
    });
  await mkdir(dirname(destDir), { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dirname(destDir), `.${basename(destDir)}.tmp-${tag}`);
  const old = join(dirname(destDir), `.${basename(destDir)}.old-${tag}`);
  try {
    await mkdir(tmp);
    for (const [name, data] of files) await writeFile(join(tmp, name), data);
    const { card } = await loadModelPackage(tmp);
    const exists = await stat(destDir).then(
      () => true,
      () => false,
    );
    if (exists) await rename(destDir, old);
    await rename(tmp, destDir);
    if (exists) await rm(old, { recursive: true, force: true });
    return card;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
