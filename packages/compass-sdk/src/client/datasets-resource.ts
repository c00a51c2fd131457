/** `client.datasets`: streamed upload with progress, list, get, wait until processed, delete. */
import type { CallOptions, HttpCore, UploadProgress } from './http-core.js';
import { paginate, type Page } from './paginate.js';
import {
  remoteDatasetSchema,
  remotePageSchema,
  type RemoteDataset,
  type RemoteDatasetStatus,
} from './schemas.js';
import { multipartBody, type UploadSource } from './upload-body.js';

/** Options of a dataset upload. */
export interface DatasetUploadOptions extends CallOptions {
  readonly name?: string;
  readonly description?: string;
  /** File name the server sees (its extension tells the archive type: .zip, .tar, .tar.gz, .tgz). */
  readonly fileName?: string;
  readonly onProgress?: (progress: UploadProgress) => void;
}

const datasetPage = remotePageSchema(remoteDatasetSchema);
const enc = encodeURIComponent;

/** The dataset routes. */
export class DatasetsResource {
  readonly #core: HttpCore;
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /**
   * Uploads an archive from a path, bytes or a stream; validation continues on the server (status `pending`,
   * then `ready` or `error`; see {@link DatasetsResource.waitUntilProcessed}). Never retried.
   */
  async upload(source: UploadSource, options: DatasetUploadOptions = {}): Promise<RemoteDataset> {
    const multipart = await multipartBody(source, {
      fields: { name: options.name, description: options.description },
      ...(options.fileName ? { fileName: options.fileName } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return this.#core.json(
      {
        method: 'POST',
        path: '/api/v1/datasets',
        body: multipart.body,
        headers: { 'content-type': multipart.contentType },
      },
      remoteDatasetSchema,
      options,
    );
  }

  /** One page of datasets, newest first. */
  list(
    query: { status?: RemoteDatasetStatus; limit?: number; cursor?: string } = {},
    options?: CallOptions,
  ): Promise<Page<RemoteDataset>> {
    return this.#core.json({ method: 'GET', path: '/api/v1/datasets', query }, datasetPage, options);
  }

  /** Every dataset, page by page. */
  iterate(
    query: { status?: RemoteDatasetStatus; limit?: number } = {},
    options?: CallOptions,
  ): AsyncGenerator<RemoteDataset> {
    return paginate((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /** One dataset and its processing status. */
  get(id: string, options?: CallOptions): Promise<RemoteDataset> {
    return this.#core.json(
      { method: 'GET', path: `/api/v1/datasets/${enc(id)}` },
      remoteDatasetSchema,
      options,
    );
  }

  /** Polls until the dataset is `ready` or `error`. */
  async waitUntilProcessed(
    id: string,
    options: CallOptions & { intervalMs?: number } = {},
  ): Promise<RemoteDataset> {
    for (;;) {
      const dataset = await this.get(id, options);
      if (dataset.status === 'ready' || dataset.status === 'error') return dataset;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
      options.signal?.throwIfAborted();
    }
  }

  /** Deletes a dataset and its files. */
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.#core.empty({ method: 'DELETE', path: `/api/v1/datasets/${enc(id)}` }, options);
  }
}
