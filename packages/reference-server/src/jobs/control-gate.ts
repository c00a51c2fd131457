/** Pause, resume and stop as seen from inside a running job: a gate the handler passes at each safe point. */
import { ScaleError } from './errors.js';
import type { JobControl } from './job.js';

/**
 * Holds the control state of one running job. `yieldPoint` returns at once while running, parks while paused
 * (calling `onPaused` once per pause) and throws JOB_STOPPED after a stop; `signal` aborts on stop.
 */
export class ControlGate {
  private mode: 'run' | 'pause' | 'stop' = 'run';
  private readonly controller = new AbortController();
  private readonly listeners: ((a: JobControl) => void)[] = [];
  private wake: (() => void) | undefined;

  constructor(
    private readonly onPaused: () => void | Promise<void> = () => undefined,
    private readonly onResumed: () => void | Promise<void> = () => undefined,
  ) {}

  /** Aborted with JOB_STOPPED when the job is stopped. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once a stop was requested. */
  get stopped(): boolean {
    return this.mode === 'stop';
  }

  /** Applies a control request; a stop is final. */
  apply(action: JobControl): void {
    if (this.mode === 'stop') return;
    this.mode = action === 'pause' ? 'pause' : action === 'resume' ? 'run' : 'stop';
    if (action === 'stop') this.controller.abort(new ScaleError('JOB_STOPPED', 'the job was stopped'));
    for (const l of this.listeners) l(action);
    if (this.mode !== 'pause') {
      this.wake?.();
      this.wake = undefined;
    }
  }

  /** Hears every control request (after the gate's own state has changed). */
  onControl(listener: (a: JobControl) => void): void {
    this.listeners.push(listener);
  }

  /** The handler's safe point: parks while paused, throws JOB_STOPPED once stopped. */
  async yieldPoint(): Promise<void> {
    if (this.mode === 'pause') {
      await this.onPaused();
      // Parks until resume or stop; apply() wakes it.
      while (this.mode === 'pause') await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.mode === 'run') await this.onResumed();
    }
    if (this.mode === 'stop') throw new ScaleError('JOB_STOPPED', 'the job was stopped');
  }
}
