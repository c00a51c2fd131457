/** CompassClient: the reference server's REST API as typed calls over one core (auth, timeouts, retries, errors). */
import { z } from 'zod';
import { DatasetsResource } from './datasets-resource.js';
import { HttpCore, type CallOptions, type HttpCoreOptions } from './http-core.js';
import { InferenceResource } from './inference-resource.js';
import { KeysResource } from './keys-resource.js';
import { ModelsResource } from './models-resource.js';
import { remoteHealthSchema, remoteReadySchema, type RemoteHealth, type RemoteReady } from './schemas.js';
import { TasksResource } from './tasks-resource.js';

/** Options of {@link CompassClient}. */
export interface CompassClientOptions extends Omit<HttpCoreOptions, 'baseUrl'> {
  /** The server's base URL, for example `http://127.0.0.1:8080` (default `$COMPASS_URL`). */
  readonly baseUrl?: string;
}

/**
 * Typed client of a COMPASS reference server. Every call takes an AbortSignal and a timeout; idempotent calls
 * (reads, predictions, stop, revoke) are retried with full-jitter backoff honouring `Retry-After`; failures are
 * {@link CompassClientError}s with `status`, `code`, `requestId` and `retryable`.
 *
 * @example
 * const client = new CompassClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: process.env.COMPASS_API_KEY });
 * for await (const task of client.tasks.iterate({ state: 'running' })) console.log(task.name, task.progress);
 */
export class CompassClient {
  /** Training tasks, their logs, metrics and live events. */
  readonly tasks: TasksResource;
  /** Dataset archives. */
  readonly datasets: DatasetsResource;
  /** Stored model packages. */
  readonly models: ModelsResource;
  /** API keys (admin). */
  readonly keys: KeysResource;
  /** Predictions. */
  readonly inference: InferenceResource;
  /** The base URL calls go to. */
  readonly baseUrl: string;
  readonly #core: HttpCore;

  constructor(options: CompassClientOptions = {}) {
    const baseUrl = options.baseUrl ?? process.env.COMPASS_URL;
    if (!baseUrl)
      throw new TypeError('CompassClient needs a baseUrl (or the COMPASS_URL environment variable)');
    const apiKey = options.apiKey ?? process.env.COMPASS_API_KEY;
    this.#core = new HttpCore({ ...options, baseUrl, ...(apiKey ? { apiKey } : {}) });
    this.baseUrl = this.#core.baseUrl;
    this.tasks = new TasksResource(this.#core);
    this.datasets = new DatasetsResource(this.#core);
    this.models = new ModelsResource(this.#core);
    this.keys = new KeysResource(this.#core);
    this.inference = new InferenceResource(this.#core);
  }

  /** `GET /health`: `ok` or `draining`. */
  health(options?: CallOptions): Promise<RemoteHealth> {
    return this.#core.json({ method: 'GET', path: '/health' }, remoteHealthSchema, options);
  }

  /** `GET /v2/health/ready`: whether a model is loaded and the server takes work (a 503 is answered, not thrown). */
  ready(options?: CallOptions): Promise<RemoteReady> {
    return this.#core.json(
      { method: 'GET', path: '/v2/health/ready', okStatuses: [503] },
      remoteReadySchema,
      options,
    );
  }

  /** `GET /metrics`: the Prometheus exposition text. */
  metricsText(options?: CallOptions): Promise<string> {
    return this.#core.text({ method: 'GET', path: '/metrics', headers: { accept: 'text/plain' } }, options);
  }

  /** `GET /openapi.json`: the server's OpenAPI document. */
  openapi(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#core.json(
      { method: 'GET', path: '/openapi.json' },
      z.record(z.string(), z.unknown()),
      options,
    );
  }
}
