/** Decides whether two instance lists differ in anything a consumer acts on (heartbeat times are ignored). */
import { type Instance } from '../instance/types.js';

function fingerprint(instance: Instance): string {
  return JSON.stringify([
    instance.id,
    instance.address,
    instance.port,
    instance.url,
    instance.status,
    instance.draining,
    instance.weight,
    instance.version,
    instance.tags,
    Object.entries(instance.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}

/** True when both lists hold the same instances with the same routing-relevant fields, in any order. */
export function sameInstances(a: readonly Instance[], b: readonly Instance[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(fingerprint).sort();
  const right = b.map(fingerprint).sort();
  return left.every((value, i) => value === right[i]);
}
