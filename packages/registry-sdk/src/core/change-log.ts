/** A bounded log of recent significant changes, so a blocking query can tell whether its own result changed. */
import { matchesQuery } from './query-match.js';
import { type Instance, type InstanceQuery } from '../instance/types.js';

interface Entry {
  readonly index: number;
  readonly before: Instance | undefined;
  readonly after: Instance | undefined;
}

/**
 * Remembers the last `capacity` significant changes. Changes at or below `floor` are forgotten: a query asking
 * about them is answered "changed" (at worst one extra answer, never a missed one).
 */
export class ChangeLog {
  readonly #entries: Entry[] = [];
  #floor: number;

  constructor(
    floor = 0,
    private readonly capacity = 10_000,
  ) {
    this.#floor = floor;
  }

  record(index: number, before: Instance | undefined, after: Instance | undefined): void {
    this.#entries.push({ index, before, after });
    if (this.#entries.length > this.capacity) {
      const dropped = this.#entries.splice(0, this.#entries.length - this.capacity);
      this.#floor = Math.max(this.#floor, dropped[dropped.length - 1]?.index ?? this.#floor);
    }
  }

  /** True when some change after `index` touched an instance that matches `query` before or after it. */
  changedSince(query: InstanceQuery, index: number): boolean {
    if (index < this.#floor) return true;
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!;
      if (entry.index <= index) break;
      if (matchesQuery(query, entry.before) || matchesQuery(query, entry.after)) return true;
    }
    return false;
  }
}
