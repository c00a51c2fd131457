/** Training in the server process: the TaskRunner on the sdk's TrainingJob. */
export { SdkTaskRunner, type SdkTaskRunnerOptions, type TrainingJobFactory } from './sdk-task-runner.js';
export {
  taskDatasetDir,
  taskTrainingInput,
  trainingConfigOf,
  type TaskTrainingInput,
} from './task-training-input.js';
