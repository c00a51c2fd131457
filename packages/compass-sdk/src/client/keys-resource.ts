/** `client.keys`: admins create (the token is returned once), list and revoke API keys. */
import type { CallOptions, HttpCore } from './http-core.js';
import { paginate, type Page } from './paginate.js';
import {
  remoteCreatedKeySchema,
  remoteKeySchema,
  remotePageSchema,
  type RemoteCreatedKey,
  type RemoteKey,
  type RemoteKeyRole,
} from './schemas.js';

const keyPage = remotePageSchema(remoteKeySchema);

/** The API key routes (admin role). */
export class KeysResource {
  readonly #core: HttpCore;
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /** Creates a key; its token is in this answer only. */
  create(input: { name: string; role: RemoteKeyRole }, options?: CallOptions): Promise<RemoteCreatedKey> {
    return this.#core.json(
      { method: 'POST', path: '/api/v1/keys', json: input },
      remoteCreatedKeySchema,
      options,
    );
  }

  /** One page of keys (no tokens). */
  list(query: { limit?: number; cursor?: string } = {}, options?: CallOptions): Promise<Page<RemoteKey>> {
    return this.#core.json({ method: 'GET', path: '/api/v1/keys', query }, keyPage, options);
  }

  /** Every key, page by page. */
  iterate(query: { limit?: number } = {}, options?: CallOptions): AsyncGenerator<RemoteKey> {
    return paginate((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /** Revokes a key (idempotent). */
  revoke(id: string, options?: CallOptions): Promise<RemoteKey> {
    return this.#core.json(
      { method: 'DELETE', path: `/api/v1/keys/${encodeURIComponent(id)}` },
      remoteKeySchema,
      options,
    );
  }
}
