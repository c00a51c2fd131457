/** Runs every instance's HTTP check on its own timer, concurrently: a slow target never delays another's check. */
import { type HttpCheckSpec } from '../instance/types.js';
import { HealthCounter } from './health-counter.js';
import { runHttpCheck, type CheckOutcome } from './http-check.js';

/** Receives each completed check; `counter` is the instance's consecutive-result counter. */
export type CheckListener = (
  id: string,
  spec: HttpCheckSpec,
  outcome: CheckOutcome,
  counter: HealthCounter,
) => void;

interface Job {
  readonly spec: HttpCheckSpec;
  readonly counter: HealthCounter;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly abort: AbortController;
}

/** Schedules HTTP checks: one timer per instance, the next check `intervalMs` after the previous one ended. */
export class CheckScheduler {
  readonly #jobs = new Map<string, Job>();

  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly onOutcome: CheckListener,
  ) {}

  /** The spec currently scheduled for `id`, if any. */
  specOf(id: string): HttpCheckSpec | undefined {
    return this.#jobs.get(id)?.spec;
  }

  /** Starts (or restarts) the checks of `id`; the first runs after `firstDelayMs` (default: the interval). */
  start(
    id: string,
    spec: HttpCheckSpec,
    counter = new HealthCounter(spec),
    firstDelayMs = spec.intervalMs,
  ): void {
    this.stop(id);
    const job: Job = { spec, counter, timer: undefined, abort: new AbortController() };
    this.#jobs.set(id, job);
    this.#schedule(id, job, firstDelayMs);
  }

  /** Stops the checks of `id` (an in-flight probe is aborted and its result dropped). */
  stop(id: string): void {
    const job = this.#jobs.get(id);
    if (!job) return;
    this.#jobs.delete(id);
    if (job.timer) clearTimeout(job.timer);
    job.abort.abort();
  }

  /** Stops every check. */
  stopAll(): void {
    for (const id of [...this.#jobs.keys()]) this.stop(id);
  }

  #schedule(id: string, job: Job, delayMs: number): void {
    job.timer = setTimeout(() => {
      job.timer = undefined;
      void runHttpCheck(job.spec, this.fetchImpl, job.abort.signal).then((outcome) => {
        if (this.#jobs.get(id) !== job) return;
        this.onOutcome(id, job.spec, outcome, job.counter);
        this.#schedule(id, job, job.spec.intervalMs);
      });
    }, delayMs);
  }
}
