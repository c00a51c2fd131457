/** Which instances a query selects, and when two results are the same for a watcher. */
import { type Instance, type InstanceQuery } from './types.js';

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
  const { lastHeartbeatAt: _ignored, ...rest } = instance;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** True when two results hold the same instances in the same order, ignoring heartbeat times. */
export function sameInstances(a: readonly Instance[], b: readonly Instance[]): boolean {
  return a.length === b.length && a.every((instance, i) => significantKey(instance) === significantKey(b[i]));
}
