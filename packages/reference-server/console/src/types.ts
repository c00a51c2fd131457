/** Shapes of the server's answers the console reads (a subset of the SERVER HTTP contract). */

/** Training task states. */
export type TaskState =
  'pending' | 'queued' | 'running' | 'paused' | 'cancelling' | 'cancelled' | 'succeeded' | 'failed';

/** Training modes. */
export type TaskMode = 'smoke_test' | 'prototyping' | 'validation' | 'production';

/** A task's configuration. */
export interface TaskConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimiser: string;
  datasetId?: string;
  description?: string;
  model: Record<string, number | undefined>;
}

/** A training task. */
export interface Task {
  id: string;
  name: string;
  mode: TaskMode;
  config: TaskConfig;
  state: TaskState;
  progress: number;
  error: string | null;
  modelId: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A cursor page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** A task log line. */
export interface LogLine {
  cursor: number;
  at: string;
  level: string;
  message: string;
}

/** An epoch's metrics. */
export interface EpochMetric {
  epoch: number;
  at?: string;
  values: Record<string, number>;
}

/** A dataset. */
export interface Dataset {
  id: string;
  name: string;
  description: string;
  status: 'pending' | 'processing' | 'ready' | 'error';
  reason: string | null;
  file: { originalName: string; size: number; sha256: string } | null;
  counts: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

/** A model record. */
export interface ModelRecord {
  id: string;
  name: string;
  aliases: string[];
  isDefault: boolean;
  card: Record<string, unknown>;
  sha256: string;
  createdAt: string;
}

/** `GET /api/v1/console/info`. */
export interface ConsoleInfo {
  version: string;
  modes: TaskMode[];
  modePresets: Record<TaskMode, TaskConfig>;
  registryConfigured: boolean;
  examplesAvailable: boolean;
}

/** One shared example file. */
export interface ExampleFile {
  name: string;
  kind: 'receptor' | 'pose' | 'ligand';
  format: 'pdb' | 'sdf';
  size: number;
}

/** Inline structure text sent to inference. */
export interface StructureText {
  format: string;
  text: string;
}

/** One prediction. */
export interface Prediction {
  index: number;
  name: string;
  pK: number;
  uncertainty: number | null;
  warnings: string[];
  /** Optional per-atom contributions of the ligand, when the scorer provides them. */
  atomContributions?: number[];
}

/** `POST /api/v1/inference/predict`. */
export interface PredictResponse {
  unit: 'pK';
  model: string;
  predictions: Prediction[];
  timings: { parseMs: number; predictMs: number; totalMs: number };
  fallback?: string | boolean | null;
  fallbackReason?: string | null;
}

/** One batch item's result. */
export type BatchResult =
  | { id: string; ok: true; predictions: Prediction[] }
  | { id: string; ok: false; error: { code: string; message: string } };

/** `POST /api/v1/inference/batch`. */
export interface BatchResponse {
  unit: 'pK';
  model: string;
  results: BatchResult[];
  timings: { totalMs: number };
}

/** A registry instance. */
export interface RegistryInstance {
  id: string;
  service: string;
  address: string;
  port?: number;
  url?: string;
  version?: string;
  status: 'passing' | 'warning' | 'critical' | 'maintenance';
  /** Health from the checks alone (differs from `status` while draining). */
  health?: 'passing' | 'warning' | 'critical';
  draining: boolean;
  lastHeartbeatAt: number;
  metadata: Record<string, string>;
  tags: string[];
  note?: string;
}

/** `GET /api/v1/console/instances`. */
export interface InstancesResponse {
  registry: { configured: boolean; url: string | null; reachable: boolean; error: string | null };
  instances: RegistryInstance[];
  healthy: number;
  total: number;
}
