/** Training on the sdk's TrainingJob: the in-process TaskRunner, the task input and the event-to-report adapter. */
export { SdkTaskRunner, type SdkTaskRunnerOptions } from './sdk-task-runner.js';
export { sdkTrainingJobs, type TrainingJobFactory, type TrainingJobHandle } from './training-job-factory.js';
export { reportTrainingJob, type TrainingReportSink } from './job-report.js';
export {
  taskDatasetDir,
  taskTrainingInput,
  trainingConfigOf,
  type TaskTrainingInput,
} from './task-training-input.js';
export { createTaskTrainingJob, type TaskTrainingRun } from './task-training-job.js';
export { SdkRunJob, type SdkRunControls, type SdkRunJobOptions } from './sdk-run-job.js';
export {
  checkTaskInit,
  INIT_CARD_ARCHITECTURE,
  modelPackageDir,
  taskArchitecture,
  TaskConfigError,
} from '../tasks/task-init-model.js';
export { RF_SCORE_MODE_TREES, TASK_VALID_FRACTION, taskDataset } from './task-training-input.js';
