/** Runtime: sessions on explicit providers, worker-hosted sessions, and the trainer. */
export { RuntimeError, isRuntimeError, type RuntimeErrorCode } from './errors.js';
export { hostTensor, type HostTensor, type TensorMap } from './host-tensor.js';
export {
  openSession,
  type OpenedSession,
  type ProviderName,
  type ProviderRequest,
  type ProviderWarning,
  type SessionSettings,
} from './providers.js';
export { createLocalSession, type ModelSession } from './session.js';
export { SessionWorker, type SessionWorkerEvents } from './session-worker-host.js';
export { startModuleWorker, type WorkerEntry } from './module-worker.js';
export {
  Trainer,
  type FitOptions,
  type SessionFactory,
  type StepResult,
  type TrainerEvents,
  type TrainerState,
} from './trainer.js';
