/** Dataset lifecycle: receive the upload, record it, validate it in the background (pending -> processing -> ready | error). */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Request } from 'express';
import { NotFoundError } from '../errors.js';
import { type Dataset } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';
import { receiveUpload } from './upload.js';
import { type DatasetValidator } from './validator.js';

/** Stores uploaded datasets under `<dataDir>/datasets/<id>/` and tracks their validation. */
export class DatasetService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly dataDir: string,
    private readonly validate: DatasetValidator,
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
    const job = this.process(id, file.path, file.originalName).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    return processing;
  }

  /** The dataset, or NOT_FOUND. */
  async get(id: string): Promise<Dataset> {
    const ds = await this.storage.getDataset(id);
    if (!ds) throw new NotFoundError('dataset', id);
    return ds;
  }

  /** Deletes the record and its files. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.storage.deleteDataset(id);
    await rm(join(this.dataDir, 'datasets', id), { recursive: true, force: true });
  }

  /** Resolves once every validation started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async process(id: string, path: string, originalName: string): Promise<void> {
    try {
      const { counts } = await this.validate(path, { originalName });
      await this.storage.updateDataset(id, { status: 'ready', counts, reason: null });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      await this.storage.updateDataset(id, { status: 'error', reason }).catch(() => undefined);
    }
  }
}
