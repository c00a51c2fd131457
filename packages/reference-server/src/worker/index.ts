/** The worker side of the BullMQ engine and the `compass-worker` command. */
export { QueueWorker, type QueueWorkerOptions, type QueueWorkerEvents } from './queue-worker.js';
export { buildWorkerProgram, type WorkerProgramIo } from './program.js';
