/** Training tasks: mode presets, the state machine, the runner interface and the task service. */
export * from './modes.js';
export * from './state-machine.js';
export * from './runner.js';
export * from './task-service.js';
export { streamTaskEvents, type TaskEventStreamOptions } from './task-events.js';
