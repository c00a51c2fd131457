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
