/** Jobs: one interface for training runs and batch scoring, run in threads of this process or on Redis workers. */
export * from './job.js';
export { ScaleError, isScaleError, type ScaleErrorCode } from './errors.js';
export { InProcessJobQueue, type InProcessJobQueueOptions } from './in-process-queue.js';
export { BullJobQueue, type BullJobQueueOptions } from './bull/bull-job-queue.js';
export { DEFAULT_QUEUE_NAME } from './bull/redis-keys.js';
export { createJobQueue, type CreateJobQueueOptions } from './create-job-queue.js';
export {
  QueueTaskRunner,
  queueTrainingData,
  trainingJobId,
  type QueueTaskRunnerOptions,
} from './queue-task-runner.js';
export { builtinJobHandlers, createBuiltinJobHandlers, trainHandler } from './builtin-handlers.js';
export {
  createSdkTrainingHandler,
  sdkTrainingSchema,
  type SdkTrainingData,
  type SdkTrainingHandlerOptions,
  type SdkTrainingResult,
} from './sdk-training.js';
export { registerModelPackage } from './register-model.js';
export {
  startBatchScoring,
  BatchScoringRun,
  type BatchScoringInput,
  type BatchProgress,
  type BatchSummary,
  type BatchScoringEvents,
} from './batch/batch-scoring.js';
export {
  scoreChunk,
  chunkResultPath,
  type ScoreChunkData,
  type ScoreChunkResult,
  type ScoreRow,
} from './batch/score-chunk.js';
export { splitSdfRecords } from './batch/sdf-records.js';
export type { BatchResultFormat } from './batch/result-writer.js';
export { openScaleEngines, type ScaleEngineOptions, type ScaleEngines } from './scale-engines.js';
