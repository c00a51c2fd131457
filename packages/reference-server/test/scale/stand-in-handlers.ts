/** Handlers module for queue tests: `train` runs the paced stand-in; `score-chunk` is the real one. */
import { scoreChunk } from '../../src/jobs/batch/score-chunk.js';
import type { JobHandlers } from '../../src/jobs/job.js';
import { standInTraining } from './stand-in-training.js';

/** `train` on {@link standInTraining} (steps, checkpoints, metrics, no model) and the built-in `score-chunk`. */
export const jobHandlers: JobHandlers = { train: standInTraining, 'score-chunk': scoreChunk };
