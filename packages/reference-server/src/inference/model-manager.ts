/** Loads model packages from the store into predictors, keeps the default loaded and registers the built-in models. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  type AffinityPredictor,
  bundledModels,
  cardReportsUncertainty,
  loadModelPackage,
} from '@compass/sdk/engine';
import { type Logger } from 'pino';
import { NotFoundError, ServerError } from '../errors.js';
import { type Model } from '../storage/records.js';
import { ThreadedPredictor } from './predictor-thread/threaded-predictor.js';
import { type NewModel, type Storage } from '../storage/storage.js';

/** Id of the always-available fallback model: AutoDock Vina's scoring function from `@compass/sdk`. */
export const VINA_MODEL_ID = 'vina';
/** `packagePath` of the built-in Vina model (it has no files). */
export const VINA_PACKAGE_PATH = 'builtin:vina';

/** A model ready to predict. */
export interface LoadedModel {
  /** The stored model id (the card id for packages). */
  readonly id: string;
  readonly name: string;
  readonly predictor: AffinityPredictor;
  /** Execution provider it runs on (`cpu`, `cuda`). */
  readonly provider: string;
  /** True when the predictor reports an uncertainty (an ensemble). */
  readonly ensemble: boolean;
  close(): Promise<void>;
}

/** Turns a stored model into a predictor (replaceable in tests). */
export type PredictorLoader = (model: Model, packageDir: string) => Promise<LoadedModel>;

/** Options of {@link ModelManager}. */
export interface ModelManagerOptions {
  /** Folder holding `models/<id>/` packages; relative `packagePath`s resolve against it. */
  readonly dataDir: string;
  readonly logger?: Logger;
  readonly loader?: PredictorLoader;
  /** Execution provider for model packages (default `cpu`). */
  readonly provider?: 'cpu' | 'cuda';
  /** Dynamic batching: largest batch and longest wait for more requests (predictor options). */
  readonly maxBatchSize?: number;
  readonly maxQueueDelayMs?: number;
  /** Model package registered on first start (default: every `bundledModels()` package of the sdk; null: none). */
  readonly bundledDir?: string | null;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The default loader: Vina for the built-in record, the sdk's `loadPredictor` (GIGN, ViSNet, RF-Score) for packages. */
export function defaultPredictorLoader(
  options: Pick<ModelManagerOptions, 'provider' | 'maxBatchSize' | 'maxQueueDelayMs' | 'logger'> = {},
): PredictorLoader {
  return async (model, packageDir) => {
    if (model.packagePath === VINA_PACKAGE_PATH) {
      // Scored in worker threads: a request's scoring never blocks the event loop (health checks, other clients).
      const vina = new ThreadedPredictor({
        onFallback: (e) =>
          options.logger?.warn({ err: e }, 'vina scoring threads unavailable; scoring on the main thread'),
      });
      return {
        id: model.id,
        name: model.name,
        // per-atom shares so predictions can carry `atomContributions` (the console colours the ligand by them)
        predictor: vina,
        provider: 'cpu',
        ensemble: false,
        close: () => vina.close(),
      };
    }
    const provider = options.provider ?? 'cpu';
    // Validated here, so a bad package fails the load with its typed error; featurisation and the session then run
    // in a thread of their own, so a prediction never blocks the event loop.
    const pkg = await loadModelPackage(packageDir);
    const predictor = new ThreadedPredictor({
      model: {
        kind: 'package',
        dir: packageDir,
        options: {
          provider,
          ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
          ...(options.maxQueueDelayMs !== undefined ? { maxQueueDelayMs: options.maxQueueDelayMs } : {}),
        },
      },
      name: pkg.card.id,
      threads: 1,
      onFallback: (e) =>
        options.logger?.warn(
          { err: e, model: model.id },
          'prediction threads unavailable; predicting on the main thread',
        ),
    });
    await predictor.warm();
    return {
      id: model.id,
      name: model.name,
      predictor,
      provider,
      ensemble: cardReportsUncertainty(pkg.card),
      close: () => predictor.close(),
    };
  };
}

/** The card of a model package directory (`model.json`), read without the sdk's checks. */
export async function readModelCard(dir: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(join(dir, 'model.json'), 'utf8');
  } catch (e) {
    throw new ServerError('INVALID_MODEL_PACKAGE', 'the model package has no model.json', { cause: e });
  }
  let card: unknown;
  try {
    card = JSON.parse(text);
  } catch (e) {
    throw new ServerError('INVALID_MODEL_PACKAGE', 'model.json is not valid JSON', { cause: e });
  }
  if (typeof card !== 'object' || card === null || typeof (card as { id?: unknown }).id !== 'string') {
    throw new ServerError('INVALID_MODEL_PACKAGE', 'model.json has no string id');
  }
  return card as Record<string, unknown>;
}

/**
 * Keeps predictors for stored models: loads each on first use (once, even under concurrent requests), keeps the
 * default loaded, registers the built-in `vina` fallback and the bundled model package on first start, and
 * registers packages produced by training or uploaded.
 *
 * @example
 * const models = new ModelManager(storage, { dataDir });
 * await models.start();
 * const { predictor } = await models.get('vina');
 */
export class ModelManager {
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly loader: PredictorLoader;

  constructor(
    private readonly storage: Storage,
    private readonly options: ModelManagerOptions,
  ) {
    this.loader = options.loader ?? defaultPredictorLoader(options);
  }

  /**
   * Registers the bundled packages (the sdk's default, the GIGN ensemble, first: on a fresh store it becomes the
   * default; the other bundled packages beside it under their folder names) and `vina`, optionally makes
   * `defaultModel` the default, and loads the default.
   */
  async start(defaultModel?: string): Promise<Model | undefined> {
    const bundled =
      this.options.bundledDir === undefined
        ? bundledModels().map((m) => ({ dir: m.dir, alias: m.name === 'default' ? 'bundled' : m.name }))
        : this.options.bundledDir
          ? [{ dir: this.options.bundledDir, alias: 'bundled' }]
          : [];
    for (const b of bundled) {
      if (!existsSync(join(b.dir, 'model.json'))) continue;
      try {
        await this.registerDir(b.dir, { aliases: [b.alias], copy: false });
      } catch (e) {
        this.options.logger?.warn({ err: e, dir: b.dir }, 'a bundled model package could not be registered');
      }
    }
    if (!(await this.storage.getModel(VINA_MODEL_ID))) {
      await this.putOnce({
        id: VINA_MODEL_ID,
        name: 'AutoDock Vina 1.2 scoring (fallback)',
        aliases: [],
        card: {
          id: VINA_MODEL_ID,
          name: 'AutoDock Vina 1.2 scoring',
          architecture: { name: 'vina' },
          target: { unit: 'pK' },
        },
        packagePath: VINA_PACKAGE_PATH,
        sha256: sha256('vina-1.2'),
      });
    }
    if (defaultModel) {
      const m = await this.storage.getModel(defaultModel);
      if (!m) throw new NotFoundError('model', defaultModel);
      await this.storage.setDefaultModel(m.id);
    }
    const def = await this.storage.getDefaultModel();
    // A default that cannot load leaves the server up but not ready, so an operator can switch the default.
    if (def)
      await this.get(def.id).catch((e: unknown) =>
        this.options.logger?.error({ err: e, model: def.id }, 'the default model could not be loaded'),
      );
    return def;
  }

  /** Registers a model; when another server sharing the store registered the same id first, returns that one. */
  private async putOnce(model: NewModel): Promise<Model> {
    try {
      return await this.storage.putModel(model);
    } catch (e) {
      const existing = await this.storage.getModel(model.id);
      if (existing) return existing;
      throw e;
    }
  }

  /** The loaded model for an id or alias, or the default when `ref` is absent. NOT_FOUND for unknown models. */
  async get(ref?: string): Promise<LoadedModel> {
    const model = ref ? await this.storage.getModel(ref) : await this.storage.getDefaultModel();
    if (!model) {
      if (ref) throw new NotFoundError('model', ref);
      throw new ServerError('MODEL_UNAVAILABLE', 'no default model is registered');
    }
    let p = this.loading.get(model.id);
    if (!p) {
      const dir = isAbsolute(model.packagePath)
        ? model.packagePath
        : resolve(this.options.dataDir, model.packagePath);
      p = this.loader(model, dir).then(
        (m) => {
          this.loaded.set(model.id, m);
          this.options.logger?.info({ model: model.id, provider: m.provider }, 'model loaded');
          return m;
        },
        (e: unknown) => {
          this.loading.delete(model.id);
          throw e;
        },
      );
      this.loading.set(model.id, p);
    }
    return p;
  }

  /** True once the stored default model is loaded. */
  async isDefaultLoaded(): Promise<boolean> {
    const def = await this.storage.getDefaultModel();
    return def !== undefined && this.loaded.has(def.id);
  }

  /** Ids of the loaded models. */
  loadedIds(): string[] {
    return [...this.loaded.keys()];
  }

  /** The loaded model with this id, if loaded. */
  peek(id: string): LoadedModel | undefined {
    return this.loaded.get(id);
  }

  /**
   * Registers a model package directory under its card's id (stable: the same package gives the same id).
   * With `copy` (default) the files are copied to `<dataDir>/models/<id>/`. Returns the existing record when
   * the id is already registered.
   */
  async registerDir(
    dir: string,
    opts: { readonly aliases?: readonly string[]; readonly copy?: boolean; readonly name?: string } = {},
  ): Promise<Model> {
    try {
      await loadModelPackage(dir);
    } catch (e) {
      throw new ServerError('INVALID_MODEL_PACKAGE', `invalid model package: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const card = await readModelCard(dir);
    const id = card.id as string;
    const existing = await this.storage.getModel(id);
    if (existing) return existing;
    let packagePath = dir;
    if (opts.copy ?? true) {
      packagePath = join('models', id);
      const target = resolve(this.options.dataDir, packagePath);
      await rm(target, { recursive: true, force: true });
      await mkdir(resolve(this.options.dataDir, 'models'), { recursive: true });
      await cp(dir, target, { recursive: true });
    }
    const aliases: string[] = [];
    for (const a of opts.aliases ?? []) if (!(await this.storage.getModel(a))) aliases.push(a);
    return this.putOnce({
      id,
      name: opts.name ?? (typeof card.name === 'string' && card.name ? card.name : id),
      aliases,
      card,
      packagePath,
      sha256: sha256(await readFile(join(dir, 'model.json'))),
    });
  }

  /**
   * Replaces a model's aliases; CONFLICT when one names another model. The default flag and files are kept.
   */
  async setAliases(ref: string, aliases: readonly string[]): Promise<Model> {
    const model = await this.storage.getModel(ref);
    if (!model) throw new NotFoundError('model', ref);
    for (const a of aliases) {
      const other = await this.storage.getModel(a);
      if (other && other.id !== model.id) {
        throw new ServerError('CONFLICT', `${a} already names model ${other.id}`, {
          details: { alias: a, model: other.id },
        });
      }
    }
    const { createdAt: _c, ...rest } = model;
    // The storage interface has no alias update, so the record is written again with the new aliases.
    await this.storage.deleteModel(model.id);
    await this.storage.putModel({ ...rest, aliases: [...new Set(aliases)] });
    if (model.isDefault) await this.storage.setDefaultModel(model.id);
    return (await this.storage.getModel(model.id)) as Model;
  }

  /** The package directory of a stored model (absolute). */
  packageDir(model: Model): string {
    return isAbsolute(model.packagePath)
      ? model.packagePath
      : resolve(this.options.dataDir, model.packagePath);
  }

  /** Unloads and forgets a model (its files under the data dir are removed). NOT_FOUND when unknown. */
  async delete(ref: string): Promise<Model> {
    const model = await this.storage.getModel(ref);
    if (!model) throw new NotFoundError('model', ref);
    await this.unload(model.id);
    await this.storage.deleteModel(model.id);
    if (!isAbsolute(model.packagePath) && model.packagePath.startsWith('models/')) {
      await rm(resolve(this.options.dataDir, model.packagePath), { recursive: true, force: true });
    }
    const def = await this.storage.getDefaultModel();
    if (def) await this.get(def.id).catch(() => undefined);
    return model;
  }

  /** Closes a loaded model. */
  async unload(id: string): Promise<void> {
    const p = this.loading.get(id);
    this.loading.delete(id);
    this.loaded.delete(id);
    if (p) await (await p.catch(() => undefined))?.close();
  }

  /** Closes every loaded model. */
  async close(): Promise<void> {
    await Promise.all([...this.loading.keys()].map((id) => this.unload(id)));
  }
}
