/** Checkpoints: one safetensors file per checkpoint (trainer state + JSON meta), written atomically, with retention. */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadParams, saveParams } from '../params/params-file.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { TrainingError } from './errors.js';
import type { PlateauState } from './schedule.js';

/** Why a checkpoint was written. */
export type CheckpointReason = 'steps' | 'epoch' | 'best' | 'stop';

/** Everything besides tensors a run needs to continue exactly where it was. */
export interface CheckpointMeta {
  readonly reason: CheckpointReason;
  /** Steps taken (the next step is `step + 1`). */
  readonly step: number;
  /** 0-based epoch in progress. */
  readonly epoch: number;
  /** Batches of `epoch` already done (the shuffle order follows from seed and epoch). */
  readonly batchInEpoch: number;
  /** True once `epoch`'s validation has run (the checkpoint sits at the epoch's end). */
  readonly epochEvaluated: boolean;
  readonly bestMetric: number;
  readonly bestEpoch: number;
  readonly epochsWithoutImprovement: number;
  readonly plateau: PlateauState;
  readonly nanBatches: readonly { step: number; ids: string[] }[];
  readonly history: readonly Record<string, unknown>[];
  readonly writtenAt: string;
}

/** A checkpoint read back. */
export interface Checkpoint {
  readonly path: string;
  readonly meta: CheckpointMeta;
  /** Trainer state: `param.<name>` and optimiser slots such as `m.<name>`. */
  readonly state: TensorMap;
}

/** Folder of a run's checkpoints. */
export const checkpointDir = (workDir: string): string => join(workDir, 'checkpoints');

const stepName = (step: number) => `step-${String(step).padStart(9, '0')}.ckpt`;

/**
 * Writes a checkpoint atomically (temporary file, then rename) and prunes old step checkpoints to `keep`.
 * A `best` checkpoint is written as `best.ckpt` as well as in the step series.
 */
export async function writeCheckpoint(
  workDir: string,
  state: TensorMap,
  meta: CheckpointMeta,
  keep: number,
): Promise<string> {
  const dir = checkpointDir(workDir);
  const metadata = { meta: JSON.stringify(meta) };
  const path = join(dir, meta.reason === 'best' ? 'best.ckpt' : stepName(meta.step));
  await saveParams(path, state, metadata);
  if (meta.reason !== 'best') {
    const steps = (await readdir(dir)).filter((f) => /^step-\d+\.ckpt$/.test(f)).sort();
    for (const old of steps.slice(0, Math.max(0, steps.length - keep)))
      await rm(join(dir, old), { force: true });
  }
  return path;
}

/** Reads and verifies one checkpoint file. */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  try {
    const f = await loadParams(path);
    return { path, meta: JSON.parse(f.metadata.meta ?? '') as CheckpointMeta, state: f.tensors };
  } catch (e) {
    throw new TrainingError('TRAINING_BAD_CHECKPOINT', `${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The newest readable step checkpoint of `workDir` (a corrupt newest one falls back to the one before).
 *
 * @throws {TrainingError} TRAINING_NO_CHECKPOINT when there is none.
 */
export async function latestCheckpoint(workDir: string): Promise<Checkpoint> {
  const dir = checkpointDir(workDir);
  const files = await readdir(dir).catch(() => [] as string[]);
  const steps = files
    .filter((f) => /^step-\d+\.ckpt$/.test(f))
    .sort()
    .reverse();
  for (const f of steps) {
    try {
      return await readCheckpoint(join(dir, f));
    } catch {
      // A torn or corrupt file: try the previous one.
    }
  }
  throw new TrainingError('TRAINING_NO_CHECKPOINT', `${workDir}: no readable checkpoint`, {
    details: { workDir },
  });
}
