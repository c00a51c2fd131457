/** Handlers module for the `train` handler tests: the real handler over the fake TrainingJob. */
import { basename } from 'node:path';
import { trainHandler } from '../../src/jobs/builtin-handlers.js';
import type { JobHandlers } from '../../src/jobs/job.js';
import { FakeTrainingJob } from './fake-trainer.js';

/** `train` on {@link FakeTrainingJob}, registering models as `model-of-<dir name>`. */
export const jobHandlers: JobHandlers = {
  train: trainHandler({
    load: async () => FakeTrainingJob,
    registerModel: async (dir) => `model-of-${basename(dir)}`,
    pollMs: 20,
  }),
};
