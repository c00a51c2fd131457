/** Runs the app on a port over a data directory: storage, first-start admin key, task recovery, graceful drain. */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { type Registration } from '@compass/registry-sdk';
import { DatasetService } from './datasets/dataset-service.js';
import { sdkDatasetValidator } from './datasets/sdk-validator.js';
import { createApp, resolveContext } from './http/app.js';
import { startV0Listener, type RunningV0Listener, type V0ServerOptions } from './v0/index.js';
import { type AppDeps } from './http/context.js';
import { ServerMetrics } from './http/metrics.js';
import { issueKey } from './keys/issue-key.js';
import { SqliteStorage } from './storage/sqlite/sqlite-storage.js';
import { type Storage } from './storage/storage.js';
import { type TaskRunner } from './tasks/runner.js';
import { SdkTaskRunner } from './training/sdk-task-runner.js';
import { registerSelf, type RegistryOptions, type SelfRegistration } from './registry/self-registration.js';
import { VERSION } from './version.js';
import { TaskService } from './tasks/task-service.js';
import { ModelManager, type ModelManagerOptions, VINA_MODEL_ID } from './inference/model-manager.js';
import { sweepOrphans } from './data-dir/orphan-sweep.js';

/** With a shared store, how long an upload folder or a validating dataset must be untouched to count as abandoned. */
const SHARED_STALE_MS = 6 * 60 * 60 * 1000;

/** Options of {@link startServer}. */
export interface ServerOptions extends Partial<
  Omit<AppDeps, 'storage' | 'tasks' | 'dataDir' | 'isDraining' | 'datasets' | 'models'>
> {
  /** Default model (id or alias) to load at start; the stored default otherwise. */
  readonly model?: string;
  /** Model manager options (loader, provider, bundled package dir, dynamic batching). */
  readonly modelOptions?: Omit<ModelManagerOptions, 'dataDir' | 'logger'>;
  /** Folder for the database, datasets and `admin.key`; created if missing. */
  readonly dataDir: string;
  /** Port (0 picks a free one; default 8080). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Trainer (default: `SdkTaskRunner`, the sdk's TrainingJob in this process). */
  readonly runner?: TaskRunner;
  /** SdkTaskRunner: train in a worker thread (default true). */
  readonly trainInWorker?: boolean;
  /** Storage to use instead of `<dataDir>/compass.db` (e.g. PostgreSQL). */
  readonly storage?: Storage;
  /** Registers this server in a registry (TTL heartbeats), draining and deregistering on close. */
  readonly registry?: RegistryOptions;
  /** How long shutdown waits for in-flight requests before closing their connections (default 10 s). */
  readonly drainTimeoutMs?: number;
  /** Also serve the v0 (FLASH-DOCK) API on a listener of its own (see docs/guides/flash-dock-v0.md). */
  readonly v0?: V0ServerOptions;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly storage: Storage;
  readonly tasks: TaskService;
  readonly datasets: DatasetService;
  readonly models: ModelManager;
  /** The admin token created on first start (no keys yet), else null. Also written to `<dataDir>/admin.key`. */
  readonly firstAdminToken: string | null;
  readonly isDraining: () => boolean;
  /** The registry registration, when `registry` was given. */
  readonly registration: Registration | undefined;
  /** The v0 listener, when `v0` was given. */
  readonly v0: RunningV0Listener | undefined;
  /** Drains (readiness false, new work refused), waits for in-flight requests, then closes storage. Idempotent. */
  close(): Promise<void>;
}

async function firstStartKey(storage: Storage, dataDir: string, logger: Logger): Promise<string | null> {
  if ((await storage.countActiveKeys()) > 0) return null;
  const { token } = await issueKey(storage, 'first-start admin', 'admin');
  const file = join(dataDir, 'admin.key');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  logger.info({ file }, 'created the first admin key (shown once on the console, stored hashed)');
  return token;
}

/**
 * Opens storage, recovers tasks a crash left running, creates the first admin key when none exists and listens.
 *
 * @example
 * const server = await startServer({ dataDir: './data', port: 8080 });
 * process.on('SIGTERM', () => void server.close());
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  await mkdir(options.dataDir, { recursive: true });
  const logger = options.logger ?? pino({ name: 'compass-server' });
  const storage = options.storage ?? SqliteStorage.open(join(options.dataDir, 'compass.db'));
  const metrics = options.metrics ?? new ServerMetrics();
  const models = new ModelManager(storage, { ...options.modelOptions, dataDir: options.dataDir, logger });
  const runner: TaskRunner =
    options.runner ??
    new SdkTaskRunner({
      dataDir: options.dataDir,
      storage,
      models,
      logger,
      ...(options.trainInWorker !== undefined ? { useWorker: options.trainInWorker } : {}),
    });
  // Models first: an unknown --model fails the start before a first admin key is created (and never shown).
  let def: Awaited<ReturnType<ModelManager['start']>>;
  try {
    def = await models.start(options.model);
  } catch (e) {
    if (!options.storage) await storage.close();
    throw e;
  }
  if (def) {
    const loaded = models.peek(def.id);
    metrics.executionProvider.set({ provider: loaded?.provider ?? 'cpu' }, 1);
    if (def.id === VINA_MODEL_ID)
      logger.warn(
        'the default model is the Vina scoring fallback (no trained COMPASS model package is registered)',
      );
  }
  const recovered = await storage.recoverInterruptedTasks(async (t) =>
    (await runner.hasCheckpoint(t)) ? 'paused' : 'failed',
  );
  if (recovered.length)
    logger.warn({ tasks: recovered.map((t) => [t.id, t.state]) }, 'recovered interrupted tasks');
  const firstAdminToken = await firstStartKey(storage, options.dataDir, logger);
  const tasks = new TaskService(storage, runner, {
    onTransition: (t) => metrics.trainingJobs.inc({ state: t.state }),
  });
  const datasets = new DatasetService(
    storage,
    options.dataDir,
    options.validateDataset ?? sdkDatasetValidator(),
    logger,
  );
  // Before any request: what a crash left behind goes, then datasets it interrupted resume or fail with a reason.
  // A store given from outside (PostgreSQL) is shared with other servers, and so is the data dir: only what has
  // been left untouched for hours is theirs to have abandoned.
  const stale = options.storage ? { olderThanMs: SHARED_STALE_MS } : {};
  await sweepOrphans(options.dataDir, storage, logger, stale);
  await datasets.recoverInterrupted(stale);
  let draining = false;
  const isDraining = () => draining;
  const appDeps = { ...options, logger, metrics, storage, tasks, datasets, models, isDraining };
  const app = createApp(appDeps);
  const v0 = options.v0
    ? await startV0Listener(resolveContext(appDeps), { host: options.host, ...options.v0 })
    : undefined;
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  // Longer than the usual 60 s idle timeout of proxies and clients, so they close idle sockets first (a server that
  // closes first races with a request being sent on the same socket: ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Keep-alive connections left idle by a request that finished during the drain would otherwise hold close() open.
  server.on('request', (_req, res: ServerResponse) =>
    res.once('finish', () => draining && setImmediate(() => server.closeIdleConnections())),
  );
  const { port } = server.address() as AddressInfo;
  let registration: SelfRegistration | undefined;
  if (options.registry) {
    const listed = await storage.listModels({ limit: 50 });
    registration = registerSelf(
      options.registry,
      { host: options.host ?? '127.0.0.1', port },
      {
        version: VERSION,
        models: listed.items.map((m) => m.id),
        defaultModel: def?.id ?? null,
        provider: (def && models.peek(def.id)?.provider) ?? 'cpu',
      },
      logger,
    );
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      await registration?.drain();
      await v0?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await closed;
      clearTimeout(timer);
      tasks.shutdown();
      // Runs stop at their next step with a checkpoint; their tasks are recovered as paused on the next start.
      await (runner as { shutdown?: () => Promise<void> }).shutdown?.();
      await datasets.idle();
      await registration?.close();
      await models.close();
      await storage.close();
    })());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    storage,
    tasks,
    datasets,
    models,
    firstAdminToken,
    isDraining,
    registration: registration?.registration,
    v0,
    close,
  };
}
