/** What the app needs from its host (`AppDeps`) and what handlers receive once defaults are filled (`AppContext`). */
import { type Logger } from 'pino';
import { type DatasetService } from '../datasets/dataset-service.js';
import { type DatasetValidator } from '../datasets/validator.js';
import { type InferenceOptions, type InferenceService } from '../inference/inference-service.js';
import { type ModelManager } from '../inference/model-manager.js';
import { type Storage } from '../storage/storage.js';
import { type TaskService } from '../tasks/task-service.js';
import { type ServerMetrics } from './metrics.js';
import { type RateClass } from './route.js';

/** One rate-limit budget: `limit` requests per `windowMs` per key. */
export interface RateLimit {
  readonly windowMs: number;
  readonly limit: number;
}

/** Size limits on request bodies. */
export interface BodyLimits {
  /** Largest JSON body in bytes (default 1 MiB). */
  readonly jsonBytes: number;
  /** Largest uploaded dataset file in bytes (default 2 GiB). */
  readonly uploadBytes: number;
}

/** Dependencies of {@link createApp}. Only `storage`, `tasks` and `dataDir` are required. */
export interface AppDeps {
  readonly storage: Storage;
  readonly tasks: TaskService;
  /** Folder that holds uploaded datasets and model packages. */
  readonly dataDir: string;
  readonly logger?: Logger;
  readonly metrics?: ServerMetrics;
  /** Explicit open development mode: keyless calls act as admin (a warning is logged). */
  readonly open?: boolean;
  /** Origins allowed by CORS (exact matches); none by default. */
  readonly corsOrigins?: readonly string[];
  /** True while a default model is loaded; `/v2/health/ready` also needs the server not to be draining. */
  readonly readiness?: () => boolean | Promise<boolean>;
  /** True once shutdown has begun: readiness fails and new mutating work is refused with 503. */
  readonly isDraining?: () => boolean;
  /** Dataset service; built from `storage`, `dataDir` and `validateDataset` when absent. */
  readonly datasets?: DatasetService;
  /** Checks an uploaded archive; `startServer` defaults to the sdk's import (`sdkDatasetValidator`). */
  readonly validateDataset?: DatasetValidator;
  readonly limits?: Partial<BodyLimits>;
  /** Model predictors; a manager over `storage` (not started) when absent. */
  readonly models?: ModelManager;
  /** Inference limits: allowed directory for path inputs, batch size. */
  readonly inference?: InferenceOptions;
  readonly rateLimits?: Partial<Record<RateClass, RateLimit>>;
  /** The registry this server registers in; the console's instance list reads it (only `url` is used here). */
  readonly registry?: { readonly url: string };
}

/** Dependencies with defaults applied, handed to every handler. */
export interface AppContext {
  readonly storage: Storage;
  readonly tasks: TaskService;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly datasets: DatasetService;
  readonly limits: BodyLimits;
  readonly isDraining: () => boolean;
  readonly models: ModelManager;
  readonly inference: InferenceService;
  /** URL of the registry this server registers in, when it has one (the console's service monitor lists it). */
  readonly registryUrl?: string;
}
