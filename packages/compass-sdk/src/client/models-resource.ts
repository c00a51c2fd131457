/** `client.models`: list, get by id or alias, upload and download packages, aliases, choose the default model. */
import { Readable } from 'node:stream';
import type { CallOptions, HttpCore, UploadProgress } from './http-core.js';
import { paginate, type Page } from './paginate.js';
import { remoteModelSchema, remotePageSchema, type RemoteModel } from './schemas.js';
import { rawBody, type UploadSource } from './upload-body.js';

const modelPage = remotePageSchema(remoteModelSchema);
const enc = encodeURIComponent;

/** The model routes. */
export class ModelsResource {
  readonly #core: HttpCore;
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /** One page of models, newest first. */
  list(query: { limit?: number; cursor?: string } = {}, options?: CallOptions): Promise<Page<RemoteModel>> {
    return this.#core.json({ method: 'GET', path: '/api/v1/models', query }, modelPage, options);
  }

  /** Every model, page by page. */
  iterate(query: { limit?: number } = {}, options?: CallOptions): AsyncGenerator<RemoteModel> {
    return paginate((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /** A model by id or alias. */
  get(idOrAlias: string, options?: CallOptions): Promise<RemoteModel> {
    return this.#core.json(
      { method: 'GET', path: `/api/v1/models/${enc(idOrAlias)}` },
      remoteModelSchema,
      options,
    );
  }

  /** Makes this model the one default model (idempotent, so retried). */
  setDefault(idOrAlias: string, options?: CallOptions): Promise<RemoteModel> {
    return this.#core.json(
      { method: 'POST', path: `/api/v1/models/${enc(idOrAlias)}/default`, idempotent: true },
      remoteModelSchema,
      options,
    );
  }

  /** Uploads a model package archive (`.tar.gz` from `packModelArchive`), optionally under an alias. Not retried. */
  async upload(
    source: UploadSource,
    options: CallOptions & { alias?: string; onProgress?: (p: UploadProgress) => void } = {},
  ): Promise<RemoteModel> {
    const raw = await rawBody(source, options.onProgress);
    return this.#core.json(
      {
        method: 'POST',
        path: '/api/v1/models',
        query: { alias: options.alias },
        body: raw,
        headers: { 'content-type': 'application/gzip' },
      },
      remoteModelSchema,
      options,
    );
  }

  /** Downloads a model package as a tar.gz byte stream (unpack with `unpackModelArchive`). */
  async download(idOrAlias: string, options?: CallOptions): Promise<Readable> {
    const response = await this.#core.stream(
      {
        method: 'GET',
        path: `/api/v1/models/${enc(idOrAlias)}/package`,
        headers: { accept: 'application/gzip' },
      },
      options,
    );
    return Readable.fromWeb(response.body! as never);
  }

  /** Replaces the model's aliases (idempotent). */
  setAliases(idOrAlias: string, aliases: readonly string[], options?: CallOptions): Promise<RemoteModel> {
    return this.#core.json(
      { method: 'PUT', path: `/api/v1/models/${enc(idOrAlias)}/aliases`, json: { aliases } },
      remoteModelSchema,
      options,
    );
  }

  /** Deletes a model and its files. */
  delete(idOrAlias: string, options?: CallOptions): Promise<void> {
    return this.#core.empty({ method: 'DELETE', path: `/api/v1/models/${enc(idOrAlias)}` }, options);
  }
}
