/** `client.models`: list, get by id or alias, choose the default model. */
import type { CallOptions, HttpCore } from './http-core.js';
import { paginate, type Page } from './paginate.js';
import { remoteModelSchema, remotePageSchema, type RemoteModel } from './schemas.js';

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
}
