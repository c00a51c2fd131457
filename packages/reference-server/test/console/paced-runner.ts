/** A stand-in trainer for the console screenshots (scripts/screenshots.ts; the e2e tests use the real trainer): reports logs, epochs and progress on a timer, honouring pause, resume and stop. */
import { type RunContext, type TaskRunner } from '../../src/tasks/runner.js';
import { type Task } from '../../src/storage/records.js';

interface Run {
  ctx: RunContext;
  tick: number;
  timer: ReturnType<typeof setInterval> | undefined;
}

/** Options of {@link PacedRunner}. */
export interface PacedRunnerOptions {
  /** Milliseconds between ticks (default 250). */
  readonly tickMs?: number;
  /** Ticks to the end of a run (default 40). */
  readonly ticks?: number;
  /** Ticks per reported epoch (default 4). */
  readonly ticksPerEpoch?: number;
}

/**
 * Runs every task as a paced simulation so the console's live views can be driven end to end before (or without)
 * a real trainer: each tick logs a line, each epoch records loss/val metrics, the last tick succeeds.
 */
export class PacedRunner implements TaskRunner {
  readonly #runs = new Map<string, Run>();
  readonly #paused = new Set<string>();
  readonly #tickMs: number;
  readonly #ticks: number;
  readonly #perEpoch: number;

  constructor(options: PacedRunnerOptions = {}) {
    this.#tickMs = options.tickMs ?? 250;
    this.#ticks = options.ticks ?? 40;
    this.#perEpoch = options.ticksPerEpoch ?? 4;
  }

  #schedule(id: string, run: Run): void {
    run.timer = setInterval(() => void this.#step(id, run), this.#tickMs);
  }

  async #step(id: string, run: Run): Promise<void> {
    if (run.ctx.signal.aborted) return this.#halt(id);
    run.tick += 1;
    const progress = run.tick / this.#ticks;
    await run.ctx.report.log('info', `step ${run.tick}/${this.#ticks}`);
    if (run.tick % this.#perEpoch === 0) {
      const epoch = run.tick / this.#perEpoch;
      await run.ctx.report.epoch(
        epoch,
        { train_loss: 2 / (1 + epoch), val_loss: 2.2 / (1 + 0.8 * epoch), val_rmse: 1.9 - 0.05 * epoch },
        progress,
      );
    }
    if (run.tick >= this.#ticks) {
      this.#halt(id);
      await run.ctx.report.succeeded(null);
    }
  }

  #halt(id: string): void {
    const run = this.#runs.get(id);
    if (run?.timer) clearInterval(run.timer);
    if (run) run.timer = undefined;
  }

  async start(task: Task, ctx: RunContext): Promise<void> {
    const run: Run = { ctx, tick: 0, timer: undefined };
    this.#runs.set(task.id, run);
    await ctx.report.log('info', `training ${task.name} (${task.mode}, ${task.config.epochs} epoch preset)`);
    this.#schedule(task.id, run);
  }

  async pause(task: Task): Promise<void> {
    this.#halt(task.id);
    this.#paused.add(task.id);
    await this.#runs.get(task.id)?.ctx.report.log('info', 'paused (checkpoint written)');
  }

  async resume(task: Task, ctx: RunContext): Promise<void> {
    const previous = this.#runs.get(task.id);
    const run: Run = { ctx, tick: previous?.tick ?? 0, timer: undefined };
    this.#runs.set(task.id, run);
    this.#paused.delete(task.id);
    await ctx.report.log('info', `resumed at step ${run.tick}`);
    this.#schedule(task.id, run);
  }

  async stop(task: Task): Promise<void> {
    this.#halt(task.id);
    const run = this.#runs.get(task.id);
    if (run && (task.state === 'running' || task.state === 'cancelling')) {
      await run.ctx.report.log('info', 'stopped on request');
      await run.ctx.report.stopped();
    }
  }

  hasCheckpoint(task: Task): boolean {
    return this.#paused.has(task.id);
  }

  /** Stops every timer (test teardown). */
  close(): void {
    for (const id of this.#runs.keys()) this.#halt(id);
  }
}
