/** Dataset lifecycle: receive the upload, record it, validate it in the background (pending -> processing -> ready | error). */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Request } from 'express';
import { type Logger } from 'pino';
import { NotFoundError, ServerError } from '../errors.js';
import { type Dataset } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';
import { receiveUpload } from './upload.js';
import { type DatasetValidator } from './validator.js';

/** Stores uploaded datasets under `<dataDir>/datasets/<id>/` and tracks their validation. */
export class DatasetService {
  /** Validations running in this process, by dataset id. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly dataDir: string,
    private readonly validate: DatasetValidator,
    private readonly logger?: Logger,
  ) {}

  /** Receives a multipart upload (fields `name`, `description`, one archive file) and starts validating it. */
  async upload(req: Request, maxBytes: number): Promise<Dataset> {
    const id = randomUUID();
    const dir = join(this.dataDir, 'datasets', id);
    const { fields, file } = await receiveUpload(req, dir, maxBytes);
    const name = (fields.name ?? '').trim() || file.originalName;
    await this.storage.createDataset({
      id,
      name: name.slice(0, 200),
      description: (fields.description ?? '').slice(0, 2000),
    });
    const stored = {
      path: relative(this.dataDir, file.path),
      originalName: file.originalName,
      size: file.size,
      sha256: file.sha256,
    };
    const processing = (await this.storage.updateDataset(id, {
      status: 'processing',
      file: stored,
    })) as Dataset;
    this.startValidation(id, file.path, file.originalName);
    return processing;
  }

  /**
   * Startup recovery (as tasks have): a dataset a crash left `processing` is validated again from its stored
   * archive when that is still there, and becomes `error` with a reason otherwise; one left `pending` (the crash
   * came mid-upload) becomes `error`. With `olderThanMs` (a store shared with other servers, which may be
   * validating their own uploads), only datasets untouched for that long. Returns the datasets changed.
   */
  async recoverInterrupted(options: { readonly olderThanMs?: number } = {}): Promise<Dataset[]> {
    const changed: Dataset[] = [];
    const cutoff = Date.now() - (options.olderThanMs ?? 0);
    for (const status of ['pending', 'processing'] as const) {
      for (const ds of await this.allWithStatus(status)) {
        // With a shared store, a recent one may be another server's validation in progress.
        if (options.olderThanMs && Date.parse(ds.updatedAt) > cutoff) continue;
        const archive = ds.file ? resolve(this.dataDir, ds.file.path) : undefined;
        if (status === 'processing' && archive && ds.file && existsSync(archive)) {
          // The extraction may have stopped half way: start it again from a clean folder.
          await rm(join(this.dataDir, 'datasets', ds.id, 'extracted'), { recursive: true, force: true });
          this.startValidation(ds.id, archive, ds.file.originalName);
          changed.push(ds);
          continue;
        }
        const reason =
          status === 'pending'
            ? 'the server restarted before the upload was stored; upload it again'
            : 'the server restarted while the dataset was validated and its archive is gone; upload it again';
        // Whatever part of the upload reached the disk is of no use now.
        if (status === 'pending')
          await rm(join(this.dataDir, 'datasets', ds.id), { recursive: true, force: true });
        const updated = await this.storage.updateDataset(ds.id, { status: 'error', reason });
        if (updated) changed.push(updated);
      }
    }
    if (changed.length)
      this.logger?.warn(
        { datasets: changed.map((d) => [d.id, d.status === 'processing' ? 'revalidating' : d.status]) },
        'recovered interrupted datasets',
      );
    return changed;
  }

  /** The dataset, or NOT_FOUND. */
  async get(id: string): Promise<Dataset> {
    const ds = await this.storage.getDataset(id);
    if (!ds) throw new NotFoundError('dataset', id);
    return ds;
  }

  /** Deletes the record and its files; CONFLICT (409) while the dataset is still being validated. */
  async delete(id: string): Promise<void> {
    const ds = await this.get(id);
    if (this.inFlight.has(id) || ds.status === 'pending' || ds.status === 'processing') {
      throw new ServerError(
        'CONFLICT',
        `dataset ${id} is still being validated; delete it once it is ready or failed`,
        {
          details: { id, status: ds.status },
        },
      );
    }
    await this.storage.deleteDataset(id);
    await rm(join(this.dataDir, 'datasets', id), { recursive: true, force: true });
  }

  /** Resolves once every validation started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async allWithStatus(status: Dataset['status']): Promise<Dataset[]> {
    const out: Dataset[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.storage.listDatasets({ status, limit: 200, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  private startValidation(id: string, path: string, originalName: string): void {
    const job = this.process(id, path, originalName).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, job);
  }

  private async process(id: string, path: string, originalName: string): Promise<void> {
    try {
      const { counts } = await this.validate(path, { originalName });
      await this.storage.updateDataset(id, { status: 'ready', counts, reason: null });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      await this.storage.updateDataset(id, { status: 'error', reason }).catch(() => undefined);
    }
    // The record went away meanwhile (another server deleted it): leave no folder behind.
    const gone = await this.storage.getDataset(id).then(
      (d) => d === undefined,
      () => false,
    );
    if (gone) await rm(join(this.dataDir, 'datasets', id), { recursive: true, force: true });
  }
}
