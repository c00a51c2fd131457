/** A TaskRunner for tests: records every call and lets the test drive each run's reports by hand. */
import { type RunContext, type TaskRunner } from '../src/tasks/runner.js';
import { type Task } from '../src/storage/records.js';

/** Runner whose runs progress only when the test calls their reporter. */
export class ManualRunner implements TaskRunner {
  readonly calls: string[] = [];
  readonly runs = new Map<string, RunContext>();
  readonly checkpoints = new Set<string>();
  /** When set, `start` rejects with this error. */
  failStartWith: Error | undefined;
  /** When true, `stop` reports `stopped()` straight away. */
  stopsAtOnce = true;

  async start(task: Task, ctx: RunContext): Promise<void> {
    this.calls.push(`start:${task.id}`);
    if (this.failStartWith) throw this.failStartWith;
    this.runs.set(task.id, ctx);
  }
  async pause(task: Task): Promise<void> {
    this.calls.push(`pause:${task.id}`);
    this.checkpoints.add(task.id);
  }
  async resume(task: Task, ctx: RunContext): Promise<void> {
    this.calls.push(`resume:${task.id}`);
    this.runs.set(task.id, ctx);
  }
  async stop(task: Task): Promise<void> {
    this.calls.push(`stop:${task.id}`);
    const run = this.runs.get(task.id);
    if (run && this.stopsAtOnce && task.state === 'running') await run.report.stopped();
  }
  hasCheckpoint(task: Task): boolean {
    return this.checkpoints.has(task.id);
  }

  /** The reporter of a started run. */
  run(id: string): RunContext {
    const ctx = this.runs.get(id);
    if (!ctx) throw new Error(`task ${id} was never started`);
    return ctx;
  }
}
