/** Startup sweep of what a crash leaves in the data dir: partial uploads, model upload temp folders, unregistered models. */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { type Logger } from 'pino';
import { type Model } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';

/** One folder the sweep removed, relative to the data dir, and why. */
export interface SweptFolder {
  readonly path: string;
  readonly reason:
    | 'model upload in progress at a crash'
    | 'model folder without a record'
    | 'dataset folder without a record';
}

/** Options of {@link sweepOrphans}. */
export interface SweepOptions {
  /**
   * Only folders last modified longer ago than this (default 0: every orphan). Give it when other servers share
   * the data dir (a shared store): their uploads in progress look like orphans too.
   */
  readonly olderThanMs?: number;
}

async function dirNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

async function allModels(storage: Storage): Promise<Model[]> {
  const out: Model[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listModels({ limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * Removes, under `dataDir`: `upload-model-*` folders (a model upload unpacks there and removes it when done),
 * `models/<name>` folders no model record points at (a copy a crash interrupted, or a record deleted before its
 * files), and `datasets/<id>` folders without a dataset record (an upload the crash cut off: the record is written
 * only once the archive is stored). Run at startup, before any request; each removal is logged at warn level. With
 * `olderThanMs`, young folders are left alone.
 * Returns what it removed.
 */
export async function sweepOrphans(
  dataDir: string,
  storage: Storage,
  logger?: Logger,
  options: SweepOptions = {},
): Promise<SweptFolder[]> {
  const swept: SweptFolder[] = [];
  const cutoff = Date.now() - (options.olderThanMs ?? 0);
  const remove = async (path: string, reason: SweptFolder['reason']) => {
    // On a data dir shared with other servers, a young folder may be another server's work in progress.
    if (options.olderThanMs) {
      const modified = await stat(join(dataDir, path)).then(
        (st) => st.mtimeMs,
        () => Infinity,
      );
      if (modified > cutoff) return;
    }
    await rm(join(dataDir, path), { recursive: true, force: true });
    swept.push({ path, reason });
  };
  for (const name of await dirNames(dataDir))
    if (name.startsWith('upload-model-')) await remove(name, 'model upload in progress at a crash');
  const used = new Set((await allModels(storage)).map((m) => normalize(m.packagePath)));
  for (const name of await dirNames(join(dataDir, 'models'))) {
    const path = join('models', name);
    if (!used.has(path)) await remove(path, 'model folder without a record');
  }
  for (const id of await dirNames(join(dataDir, 'datasets'))) {
    if (!(await storage.getDataset(id)))
      await remove(join('datasets', id), 'dataset folder without a record');
  }
  if (swept.length) logger?.warn({ swept }, 'removed files a crash left behind');
  return swept;
}
