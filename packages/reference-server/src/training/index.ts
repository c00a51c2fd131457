/** Training in the server process: the TaskRunner on the sdk's TrainingJob. */
export {
  SdkTaskRunner,
  trainingConfigOf,
  type SdkTaskRunnerOptions,
  type TrainingJobFactory,
} from './sdk-task-runner.js';
