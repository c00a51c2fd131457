/** createCompass: one object for predictions, batches and training, served by the best tier available. */
import {
  Balancer,
  FallbackChain,
  type BalancerOptions,
  type FallbackTarget,
  type SkippedTarget,
} from '@compass/balancer';
import { RegistryClient, type Discovery } from '@compass/registry-sdk';
import { EventEmitter } from 'eventemitter3';
import { type CompassClient } from '../client/compass-client.js';
import type { RemotePrediction } from '../client/schemas.js';
import { VinaPredictor } from '../scoring/vina-predictor.js';
import { loadBundledEngine } from './default-engine.js';
import { CompassEngineUnavailableError, CompassNoServerError, CompassUnavailableError } from './errors.js';
import { batchLocally, predictLocally, type LocalPredictor } from './local-tier.js';
import { compassTransport, type RemoteCall } from './remote-transport.js';
import type {
  CompassBatchItemResult,
  CompassBatchResult,
  CompassPrediction,
  CompassPredictResult,
  CompassTier,
  TierFallback,
} from './results.js';
import {
  inline,
  type ComplexSource,
  type InlineStructure,
  type StructureSource,
} from './structure-source.js';
import { startTraining, type TrainingRun, type TrainOptions } from './training-run.js';

/** Options of {@link createCompass}. Give none of `url`, `urls`, `registry` to work fully in-process. */
export interface CreateCompassOptions {
  /** One server. */
  readonly url?: string;
  /** A fixed pool of servers, balanced. */
  readonly urls?: readonly string[];
  /** Discover servers in a registry and balance over the passing ones. */
  readonly registry?: { readonly url: string; readonly service?: string };
  /** API key for the servers (default `$COMPASS_API_KEY`). */
  readonly apiKey?: string;
  /**
   * The in-process tier: `'bundled'` (default: the bundled model via `loadDefaultPredictor`), a predictor, a
   * loader, or `false` to skip it.
   */
  readonly engine?: 'bundled' | false | LocalPredictor | (() => Promise<LocalPredictor>);
  /** The last tier: the built-in Vina scorer (default true). */
  readonly empirical?: boolean;
  /** Per-attempt limit of remote calls (default 30 s). */
  readonly timeoutMs?: number;
  /** Largest JSON body of one remote batch request; bigger batches are sent in chunks (default 900,000). */
  readonly maxRequestBytes?: number;
  /** Overrides of the balancer settings (picker, retries, outlier ejection, breakers, deadlines). */
  readonly balancer?: Omit<
    Partial<BalancerOptions<RemoteCall, unknown>>,
    'transport' | 'source' | 'endpoints'
  >;
}

/** Options of a prediction. */
export interface CompassCallOptions {
  readonly signal?: AbortSignal;
  /** Model id or alias on the server (remote tier only). */
  readonly model?: string;
  /** Bound on the whole chain in ms. */
  readonly deadlineMs?: number;
}

/** Events of the facade. */
export interface CompassEvents {
  /** A tier failed and the call moved on. */
  fallback: [event: TierFallback & { readonly to: CompassTier | undefined }];
}

type Job = { remote: RemoteCall; local: (p: LocalPredictor, signal?: AbortSignal) => Promise<unknown> };
type Served = { value: unknown; by: string };

const toPrediction = (p: RemotePrediction): CompassPrediction => ({ ...p });

/**
 * The COMPASS facade. Predictions go through the chain remote pool -> in-process engine -> built-in empirical
 * scorer (Vina); every result names its tier, the server or model that served it, and why earlier tiers failed.
 *
 * @example
 * const compass = createCompass({ registry: { url: 'http://127.0.0.1:8500' } });
 * const r = await compass.predict({ protein: { path: 'receptor.pdb' }, ligand: { path: 'pose.sdf' } });
 * console.log(r.predictions[0].pK, r.tier, r.fallbacks);
 * await compass.close();
 */
export class Compass extends EventEmitter<CompassEvents> {
  readonly #balancer: Balancer<RemoteCall, unknown> | undefined;
  readonly #transport: ReturnType<typeof compassTransport>;
  readonly #chain: FallbackChain<Job, Served>;
  readonly #registry: { client: RegistryClient; discovery: Discovery } | undefined;
  readonly #engineOption: CreateCompassOptions['engine'];
  #engine: Promise<LocalPredictor> | undefined;
  readonly #vina = new VinaPredictor() as LocalPredictor;
  readonly #maxRequestBytes: number;

  constructor(options: CreateCompassOptions = {}) {
    super();
    const apiKey = options.apiKey ?? process.env.COMPASS_API_KEY;
    this.#transport = compassTransport({
      ...(apiKey ? { apiKey } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    const urls = options.urls ?? (options.url ? [options.url] : []);
    if (options.registry) {
      const client = new RegistryClient({ url: options.registry.url });
      this.#registry = { client, discovery: client.discover(options.registry.service ?? 'compass') };
    }
    if (this.#registry || urls.length)
      this.#balancer = new Balancer<RemoteCall, unknown>({
        ...options.balancer,
        transport: this.#transport,
        ...(this.#registry ? { source: this.#registry.discovery } : { endpoints: urls }),
      });
    this.#engineOption = options.engine ?? 'bundled';
    this.#maxRequestBytes = options.maxRequestBytes ?? 900_000;
    const targets: FallbackTarget<Job, Served>[] = [];
    const balancer = this.#balancer;
    if (balancer)
      targets.push({
        name: 'remote',
        call: (job, ctx) =>
          balancer.call(job.remote, {
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            ...(ctx.deadlineMs !== undefined ? { deadlineMs: ctx.deadlineMs } : {}),
          }) as Promise<Served>,
      });
    if (this.#engineOption !== false)
      targets.push({
        name: 'in-process',
        call: async (job, ctx) => {
          const engine = await this.#loadEngine();
          return { value: await job.local(engine, ctx.signal ?? undefined), by: engine.name };
        },
      });
    if (options.empirical !== false)
      targets.push({
        name: 'empirical',
        call: async (job, ctx) => ({
          value: await job.local(this.#vina, ctx.signal ?? undefined),
          by: this.#vina.name,
        }),
      });
    this.#chain = new FallbackChain(targets);
    this.#chain.on('fallback', (e) =>
      this.emit('fallback', { ...toFallback(e), to: e.to as CompassTier | undefined }),
    );
  }

  /** Whether remote servers are configured (url, urls or registry). */
  get hasRemote(): boolean {
    return this.#balancer !== undefined;
  }

  /** The in-process predictor (loaded on first use); rejects with COMPASS_ENGINE_UNAVAILABLE. */
  #loadEngine(): Promise<LocalPredictor> {
    const opt = this.#engineOption;
    if (opt === false)
      return Promise.reject(new CompassEngineUnavailableError('the in-process engine is off'));
    this.#engine ??=
      opt === 'bundled' || opt === undefined
        ? loadBundledEngine()
        : typeof opt === 'function'
          ? opt()
          : Promise.resolve(opt);
    return this.#engine;
  }

  /** Predicts the pK of every record of the ligand file against the protein. */
  async predict(
    input: { protein: StructureSource; ligand: StructureSource },
    options: CompassCallOptions = {},
  ): Promise<CompassPredictResult> {
    const [protein, ligand] = await Promise.all([inline(input.protein), inline(input.ligand)]);
    const run = async (client: CompassClient, signal: AbortSignal) => {
      const r = await client.inference.predict(
        { protein: wire(protein), ligand: wire(ligand), ...(options.model ? { model: options.model } : {}) },
        { signal },
      );
      return { model: r.model, predictions: r.predictions.map(toPrediction) };
    };
    const { value, tier, servedBy, fallbacks } = await this.#call(
      run,
      (p, signal) => predictLocally(p, protein, ligand, signal ? { signal } : {}),
      options,
    );
    const v = value as { model?: string; predictions: CompassPrediction[] } | CompassPrediction[];
    return Array.isArray(v)
      ? { unit: 'pK', model: servedBy, predictions: v, tier, servedBy, fallbacks }
      : { unit: 'pK', model: v.model ?? servedBy, predictions: v.predictions, tier, servedBy, fallbacks };
  }

  /** Predicts many complexes in one call; each item succeeds or fails on its own. */
  async batch(
    items: readonly ComplexSource[],
    options: CompassCallOptions = {},
  ): Promise<CompassBatchResult> {
    const cache = new Map<string, Promise<InlineStructure>>();
    const read = (s: StructureSource) => {
      if (!('path' in s)) return inline(s);
      let p = cache.get(s.path);
      if (!p) cache.set(s.path, (p = inline(s)));
      return p;
    };
    const inlined = await Promise.all(
      items.map(async (item, k) => ({
        id: item.id ?? String(k),
        protein: await read(item.protein),
        ligand: await read(item.ligand),
      })),
    );
    const chunks = chunkBySize(inlined, this.#maxRequestBytes);
    const run = async (client: CompassClient, signal: AbortSignal) => {
      let model = '';
      const results: CompassBatchItemResult[] = [];
      // One endpoint serves every chunk of the batch, so the whole batch comes from one model.
      for (const chunk of chunks) {
        const r = await client.inference.batch(
          {
            items: chunk.map((i) => ({ id: i.id, protein: wire(i.protein), ligand: wire(i.ligand) })),
            ...(options.model ? { model: options.model } : {}),
          },
          { signal },
        );
        model = r.model;
        for (const x of r.results)
          results.push(x.ok ? { ...x, predictions: x.predictions.map(toPrediction) } : x);
      }
      return { model, results };
    };
    const { value, tier, servedBy, fallbacks } = await this.#call(
      run,
      (p, signal) => batchLocally(p, inlined, signal ? { signal } : {}),
      options,
    );
    const v = value as { model?: string; results: CompassBatchItemResult[] } | CompassBatchItemResult[];
    return Array.isArray(v)
      ? { unit: 'pK', model: servedBy, results: v, tier, servedBy, fallbacks }
      : { unit: 'pK', model: v.model ?? servedBy, results: v.results, tier, servedBy, fallbacks };
  }

  /** URLs of the servers the balancer may use now (discovered passing instances, or the fixed list). */
  endpoints(): string[] {
    return (this.#balancer?.endpoints() ?? []).map((e) => e.url);
  }

  /** Resolves once at least `count` servers are known (discovery is asynchronous); false after `timeoutMs`. */
  async waitForEndpoints(count = 1, timeoutMs = 5_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.endpoints().length < count) {
      if (!this.#balancer || Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
    return true;
  }

  /** A typed client of one live server (the balancer's first routable endpoint) for management calls. */
  client(): CompassClient {
    const endpoint = this.#balancer?.endpoints()[0];
    if (!endpoint) throw new CompassNoServerError('a server call');
    return this.#transport.clientFor(endpoint.url);
  }

  /** Datasets of the server (see {@link CompassClient.datasets}). */
  get datasets(): CompassClient['datasets'] {
    return this.client().datasets;
  }

  /** Models of the server (see {@link CompassClient.models}). */
  get models(): CompassClient['models'] {
    return this.client().models;
  }

  /** Training tasks of the server (see {@link CompassClient.tasks}). */
  get tasks(): CompassClient['tasks'] {
    return this.client().tasks;
  }

  /** Uploads the dataset when given a path, creates a training task on the server and starts it. */
  train(options: TrainOptions): Promise<TrainingRun> {
    if (!this.#balancer) return Promise.reject(new CompassNoServerError('training'));
    return startTraining(this.client(), options);
  }

  /** Stops following the registry and releases the in-process engine. */
  async close(): Promise<void> {
    this.#balancer?.close();
    if (this.#registry) {
      await this.#registry.discovery.close();
      await this.#registry.client.close();
    }
    const engine = await this.#engine?.catch(() => undefined);
    await (engine as { close?: () => Promise<void> | void } | undefined)?.close?.();
  }

  async #call(
    run: (client: CompassClient, signal: AbortSignal) => Promise<unknown>,
    local: Job['local'],
    options: CompassCallOptions,
  ): Promise<{ value: unknown; tier: CompassTier; servedBy: string; fallbacks: TierFallback[] }> {
    const remote: RemoteCall = {
      idempotent: true,
      run: async (client, signal) => ({ value: await run(client, signal), by: client.baseUrl }),
    };
    try {
      const r = await this.#chain.call(
        { remote, local },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
        },
      );
      return {
        value: r.value.value,
        tier: r.servedBy as CompassTier,
        servedBy: r.value.by,
        fallbacks: r.skipped.map(toFallback),
      };
    } catch (e) {
      const skipped = (e as { skipped?: readonly SkippedTarget[] }).skipped;
      if (skipped) throw new CompassUnavailableError(skipped.map(toFallback), { cause: e });
      throw e;
    }
  }
}

/** Splits items into runs whose structure text stays under `maxBytes` (an item over it goes alone). */
function chunkBySize<T extends { protein: InlineStructure; ligand: InlineStructure }>(
  items: readonly T[],
  maxBytes: number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const n = item.protein.text.length + item.ligand.text.length + 200;
    if (current.length && size + n > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += n;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Inline text as the server takes it. */
function wire(s: InlineStructure): { format: never; text: string } {
  return { format: s.format as never, text: s.text };
}

/** A chain skip as the facade reports it; a missing engine reads `unavailable`. */
function toFallback(s: SkippedTarget): TierFallback {
  const e = s.error as { code?: unknown; message?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return {
    tier: s.target as CompassTier,
    reason: code === 'COMPASS_ENGINE_UNAVAILABLE' ? 'unavailable' : s.reason,
    message: typeof e?.message === 'string' ? e.message : String(s.error),
    ...(code ? { code } : {}),
  };
}

/**
 * Creates the COMPASS facade: in-process only (no options), one server (`url`), a fixed pool (`urls`) or the
 * servers a registry lists (`registry`), always with the in-process and empirical tiers behind them.
 */
export function createCompass(options: CreateCompassOptions = {}): Compass {
  return new Compass(options);
}
