/**
 * A task's training input for the SDK: its architecture, the config (a TrainingConfig for the COMPASS ViSNet, tree
 * options for RF-Score, the fine-tuning recipe for GIGN), its dataset's extracted folder and the package it starts
 * from, the same for the in-process runner and the queue workers.
 */
import { join } from 'node:path';
import { type TrainingJobOptions } from '@compass/sdk/engine';
import { extractedDatasetDir } from '../datasets/sdk-validator.js';
import { NotFoundError, ServerError } from '../errors.js';
import { type Task, type TaskArchitecture, type TaskMode } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';
import { checkTaskInit, modelPackageDir, taskArchitecture } from '../tasks/task-init-model.js';

/** The server's training config fields mapped onto the sdk's TrainingConfig (ViSNet). */
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
 * Trees of an RF-Score task's forest by mode (a random forest with the trainer's other defaults; with `init`, the
 * init forest's options with this many trees): a smoke test in well under a second, production like the bundled
 * forest's 145 trees and beyond.
 */
export const RF_SCORE_MODE_TREES: Readonly<Record<TaskMode, number>> = {
  smoke_test: 10,
  prototyping: 50,
  validation: 145,
  production: 300,
};

/** Fraction of an RF-Score or GIGN task's complexes held out (seeded) for the card's validation figures. */
export const TASK_VALID_FRACTION = 0.2;

/** The dataset a task names (`config.datasetId`): its extracted folder and how a card names it. */
export async function taskDataset(
  task: Task,
  storage: Storage,
  dataDir: string,
): Promise<{ dir: string; name: string }> {
  const id = task.config.datasetId;
  if (!id) throw new ServerError('VALIDATION_FAILED', 'the task names no dataset (config.datasetId)');
  const ds = await storage.getDataset(id);
  if (!ds) throw new NotFoundError('dataset', id);
  if (ds.status !== 'ready' || !ds.file)
    throw new ServerError('CONFLICT', `dataset ${id} is ${ds.status}, not ready`, {
      details: { status: ds.status },
    });
  return {
    dir: await extractedDatasetDir(join(dataDir, ds.file.path)),
    name: `${ds.name} (dataset ${ds.id})`,
  };
}

/**
 * The extracted folder of the dataset a task names (`config.datasetId`). VALIDATION_FAILED when it names none,
 * NOT_FOUND when the dataset is gone, CONFLICT when it is not ready.
 */
export async function taskDatasetDir(task: Task, storage: Storage, dataDir: string): Promise<string> {
  return (await taskDataset(task, storage, dataDir)).dir;
}

/** What the SDK trains a task with (JSON: the queue carries it to workers). */
export interface TaskTrainingInput {
  readonly architecture: TaskArchitecture;
  /** The ViSNet TrainingConfig (for the other architectures it only carries the mode's fields, unused). */
  readonly config: TrainingJobOptions['config'];
  /** The dataset's extracted folder (absolute). */
  readonly dataset: string;
  /** How the card names the data. */
  readonly dataName?: string;
  /** Package folder of the model to start from (absolute). */
  readonly init?: string;
  /** RF-Score: fields of the tree trainer's options. */
  readonly rfScore?: { readonly trees: number };
  /** GIGN: the fine-tuning recipe's epochs, learning rate and batch size. */
  readonly gign?: { readonly epochs: number; readonly learningRate: number; readonly batchSize: number };
  /** Fraction held out for validation figures (RF-Score, GIGN). */
  readonly validFraction?: number;
  /** Lines the run logs first (which config fields this architecture ignores). */
  readonly notes: readonly string[];
}

function notesOf(task: Task, arch: TaskArchitecture): string[] {
  const c = task.config;
  const model = JSON.stringify(c.model);
  if (arch === 'rf-score')
    return [
      `rf-score: a forest of ${RF_SCORE_MODE_TREES[task.mode]} trees (mode ${task.mode})${task.config.init ? `, refitted from ${task.config.init}` : ''}; epochs ${c.epochs}, batchSize ${c.batchSize}, learningRate ${c.learningRate}, optimiser ${c.optimiser} and model ${model} do not apply to trees and are ignored`,
    ];
  if (arch === 'gign')
    return [
      `gign fine-tuning: ${c.epochs} epochs, batch ${c.batchSize}, learning rate ${c.learningRate} (Adam, head only, BatchNorm statistics frozen); optimiser ${c.optimiser} and model ${model} are ignored (the init package's hyper-parameters are kept)`,
    ];
  if (c.init !== undefined)
    return [
      `compass-visnet init ${c.init}: its hyper-parameters are used; the mode's model fields are not sent (model ${model} given on the task must match the package)`,
    ];
  return [];
}

/**
 * Maps a task onto the SDK's training input, the same whether it trains in this process ({@link SdkTaskRunner})
 * or on queue workers (`QueueTaskRunner`), so both train the same thing. `config.init` is resolved to the
 * registered model's package folder (checked again: the model may have been deleted since the task was created).
 */
export async function taskTrainingInput(
  task: Task,
  storage: Storage,
  dataDir: string,
): Promise<TaskTrainingInput> {
  const architecture = taskArchitecture(task.config);
  const initModel = await checkTaskInit(storage, task.config);
  const init = initModel ? modelPackageDir(initModel, dataDir) : undefined;
  const ds = await taskDataset(task, storage, dataDir);
  const c = task.config;
  return {
    architecture,
    config: trainingConfigOf(task),
    dataset: ds.dir,
    dataName: ds.name,
    ...(init ? { init } : {}),
    ...(architecture === 'rf-score' ? { rfScore: { trees: RF_SCORE_MODE_TREES[task.mode] } } : {}),
    ...(architecture === 'gign'
      ? { gign: { epochs: c.epochs, learningRate: c.learningRate, batchSize: c.batchSize } }
      : {}),
    ...(architecture === 'compass-visnet' ? {} : { validFraction: TASK_VALID_FRACTION }),
    notes: notesOf(task, architecture),
  };
}
