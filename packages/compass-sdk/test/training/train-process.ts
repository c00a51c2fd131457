/** Child process of the SIGKILL test: starts (or resumes) a tiny run and prints each step as it completes. */
import { TrainingJob } from '../../src/training/training-job.js';
import { FEP_FIXTURE, tinyConfig } from './helpers.js';

const [workDir, epochs] = process.argv.slice(2);
const job = await TrainingJob.create({
  config: tinyConfig({ epochs: Number(epochs), checkpoint: { everySteps: 3, keep: 2 } }),
  dataset: FEP_FIXTURE,
  workDir: workDir!,
});
job.on('step', (e) => process.stdout.write(`step ${e.step}\n`));
job.on('checkpoint', (e) => process.stdout.write(`checkpoint ${e.step}\n`));
await job.start().done;
process.stdout.write('done\n');
