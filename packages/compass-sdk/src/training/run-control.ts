/** Pause, resume and stop flags consulted between training steps. */
import type { RunControl } from './training-loop.js';

/**
 * A {@link RunControl} driven by method calls. `gate()` yields to the event loop first (a macrotask), so that
 * a stop or pause arriving by timer or worker message during a step is seen before the next step starts.
 */
export class StepGate implements RunControl {
  private paused = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  /** Let the step in progress finish, then hold before the next. */
  pause(): void {
    this.paused = true;
  }

  /** Release a pause. */
  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  /** Make the next `gate()` answer 'stop' (also ends a pause). */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Called before every step. */
  async gate(): Promise<'continue' | 'stop'> {
    await new Promise<void>((r) => setImmediate(r));
    while (this.paused && !this.stopped) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
    return this.stopped ? 'stop' : 'continue';
  }
}
