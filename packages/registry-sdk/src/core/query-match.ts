/** Which instances a query selects, and when two results are the same for a watcher. */
import { type Instance, type InstanceQuery } from '../instance/types.js';

/** True when `instance` belongs in the result of `query`. */
export function matchesQuery(query: InstanceQuery, instance: Instance | undefined): boolean {
  if (!instance || instance.service !== query.service) return false;
  if ((query.passingOnly ?? true) && (instance.status !== 'passing' || instance.draining)) return false;
  if (query.tags?.some((tag) => !instance.tags.includes(tag))) return false;
  if (query.metadata) {
    for (const [key, value] of Object.entries(query.metadata))
      if (instance.metadata[key] !== value) return false;
  }
  return true;
}

/**
 * The instance as watchers compare it: everything except `lastHeartbeatAt`, which every heartbeat moves, so a
 * heartbeat alone never wakes a watcher.
 */
export function significantKey(instance: Instance | undefined): string {
  if (!instance) return '';
  // Instances are never mutated, so each object's key is computed once.
  let key = keys.get(instance);
  if (key === undefined) {
    const { lastHeartbeatAt: _ignored, ...rest } = instance;
    const record = rest as Record<string, unknown>;
    key = JSON.stringify(
      Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => [k, record[k]]),
    );
    keys.set(instance, key);
  }
  return key;
}

const keys = new WeakMap<Instance, string>();

/** True when two results hold the same instances in the same order, ignoring heartbeat times. */
export function sameInstances(a: readonly Instance[], b: readonly Instance[]): boolean {
  return (
    a.length === b.length &&
    a.every((instance, i) => instance === b[i] || significantKey(instance) === significantKey(b[i]))
  );
}
