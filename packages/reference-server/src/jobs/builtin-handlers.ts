/** The job kinds every worker knows: `train` (stand-in until the SDK trainer is wired) and `score-chunk`. */
import type { JobHandlers } from './job.js';
import { scoreChunk } from './batch/score-chunk.js';
import { standInTraining } from './stand-in-training.js';

/** Handlers loaded by job threads and `compass-worker` unless another handlers module is given. */
export const builtinJobHandlers: JobHandlers = {
  train: standInTraining,
  'score-chunk': scoreChunk,
};

/** Same as {@link builtinJobHandlers}, under the name handler modules export. */
export const jobHandlers = builtinJobHandlers;
