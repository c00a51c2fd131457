/** Handlers module for the `train` handler tests: the real handler over the fake TrainingJob. */
import { basename } from 'node:path';
import { trainHandler } from '../../src/jobs/builtin-handlers.js';
import type { JobHandlers } from '../../src/jobs/job.js';
import { fakeTrainingJobs } from './fake-trainer.js';

/** `train` on the fake TrainingJob, registering models as `model-of-<dir name>`. */
export const jobHandlers: JobHandlers = {
  train: trainHandler({
    jobs: fakeTrainingJobs,
    registerModel: async (dir) => `model-of-${basename(dir)}`,
    pollMs: 20,
  }),
};
