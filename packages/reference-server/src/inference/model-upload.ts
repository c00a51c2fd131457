/** Reads an uploaded model archive (tar.gz) with a size limit, unpacks and validates it, and registers it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Request } from 'express';
import { isCompassError, unpackModelArchive } from '@compass/sdk/engine';
import { ServerError } from '../errors.js';
import { closeIfUnread } from '../http/close-unread.js';
import { type Model } from '../storage/records.js';
import { type ModelManager } from './model-manager.js';

/** Collects a request body up to `maxBytes`, refusing more with PAYLOAD_TOO_LARGE (before reading it all). */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > maxBytes) {
    closeIfUnread(req);
    throw new ServerError('PAYLOAD_TOO_LARGE', `the upload exceeds ${maxBytes} bytes`, {
      details: { maxBytes },
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      closeIfUnread(req);
      throw new ServerError('PAYLOAD_TOO_LARGE', `the upload exceeds ${maxBytes} bytes`, {
        details: { maxBytes },
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Unpacks a model package archive into a temp folder under `dataDir`, validates it and registers it. */
export async function registerModelArchive(
  models: ModelManager,
  dataDir: string,
  archive: Uint8Array,
  aliases: readonly string[] = [],
): Promise<Model> {
  const tmp = await mkdtemp(join(dataDir, 'upload-model-'));
  try {
    const dir = join(tmp, 'pkg');
    try {
      await unpackModelArchive(archive, dir);
    } catch (e) {
      if (isCompassError(e))
        throw new ServerError('INVALID_MODEL_PACKAGE', `invalid model package: ${e.message}`, {
          cause: e,
          details: { cause: e.code },
        });
      throw e;
    }
    return await models.registerDir(dir, { aliases, copy: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
