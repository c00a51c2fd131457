/** A task's training input for the SDK's TrainingJob: its config as a TrainingConfig and its dataset's extracted folder. */
import { join } from 'node:path';
import { type TrainingJobOptions } from '@compass/sdk/engine';
import { extractedDatasetDir } from '../datasets/sdk-validator.js';
import { NotFoundError, ServerError } from '../errors.js';
import { type Task } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';

/** The server's training config fields mapped onto the sdk's TrainingConfig. */
export function trainingConfigOf(task: Task): TrainingJobOptions['config'] {
  const m = task.config.model;
  const hyperParams: Record<string, number> = {};
  if (m.hiddenDim !== undefined) hyperParams.hidden = m.hiddenDim;
  if (m.layers !== undefined) hyperParams.layers = m.layers;
  if (m.cutoff !== undefined) hyperParams.cutoff = m.cutoff;
  return {
    mode: task.mode,
    hyperParams,
    epochs: task.config.epochs,
    batchSize: task.config.batchSize,
    learningRate: task.config.learningRate,
    optimiser: task.config.optimiser,
  } as TrainingJobOptions['config'];
}

/**
 * The extracted folder of the dataset a task names (`config.datasetId`). VALIDATION_FAILED when it names none,
 * NOT_FOUND when the dataset is gone, CONFLICT when it is not ready.
 */
export async function taskDatasetDir(task: Task, storage: Storage, dataDir: string): Promise<string> {
  const id = task.config.datasetId;
  if (!id) throw new ServerError('VALIDATION_FAILED', 'the task names no dataset (config.datasetId)');
  const ds = await storage.getDataset(id);
  if (!ds) throw new NotFoundError('dataset', id);
  if (ds.status !== 'ready' || !ds.file)
    throw new ServerError('CONFLICT', `dataset ${id} is ${ds.status}, not ready`, {
      details: { status: ds.status },
    });
  return extractedDatasetDir(join(dataDir, ds.file.path));
}

/** What the SDK trains a task with: its TrainingConfig and its dataset's extracted folder (absolute). */
export interface TaskTrainingInput {
  readonly config: TrainingJobOptions['config'];
  readonly dataset: string;
}

/**
 * Maps a task onto the SDK's training input, the same whether it trains in this process ({@link SdkTaskRunner})
 * or on queue workers (`QueueTaskRunner`), so both train the same thing.
 */
export async function taskTrainingInput(
  task: Task,
  storage: Storage,
  dataDir: string,
): Promise<TaskTrainingInput> {
  return { config: trainingConfigOf(task), dataset: await taskDatasetDir(task, storage, dataDir) };
}
