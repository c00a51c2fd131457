/** Consecutive-result counters that turn single check results into health, as Consul's thresholds do. */
import { type HttpCheckSpec } from '../instance/types.js';

/** Health as the checks see it (maintenance is a separate flag). */
export type Health = 'passing' | 'warning' | 'critical';

/**
 * Counts consecutive successes and failures of one instance's HTTP check: critical -> passing needs
 * `successBeforePassing` passes in a row, passing -> critical needs `failuresBeforeCritical` failures in a row;
 * a 429 (`warn`) moves to warning at once.
 */
export class HealthCounter {
  #successes = 0;
  #failures = 0;

  constructor(
    private readonly spec: Pick<HttpCheckSpec, 'successBeforePassing' | 'failuresBeforeCritical'>,
  ) {}

  /** The health after `result`, given the current health. */
  next(current: Health, result: 'pass' | 'warn' | 'fail'): Health {
    if (result === 'warn') {
      this.#successes = 0;
      this.#failures = 0;
      return 'warning';
    }
    if (result === 'pass') {
      this.#failures = 0;
      this.#successes += 1;
      if (current === 'passing') return current;
      return this.#successes >= (this.spec.successBeforePassing ?? 1) ? 'passing' : current;
    }
    this.#successes = 0;
    this.#failures += 1;
    if (current === 'critical') return current;
    return this.#failures >= (this.spec.failuresBeforeCritical ?? 1) ? 'critical' : current;
  }
}
