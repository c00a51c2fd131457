/** What a sweep does to one instance: TTL expiry and deregistration of long-critical instances. */
import { type Instance } from '../instance/types.js';

/** The sweep's verdict for one instance. */
export type SweepAction = 'expire' | 'deregister' | undefined;

/**
 * `expire` when a TTL-checked instance has been silent past its TTL (judged by `lastHeartbeatAt`, which only the
 * instance itself refreshes), `deregister` when it has been critical for `deregisterCriticalAfterMs`.
 */
export function sweepAction(instance: Instance, now: number): SweepAction {
  const check = instance.check;
  if (!check) return undefined;
  const health = instance.health ?? instance.status;
  if (
    health === 'critical' &&
    check.deregisterCriticalAfterMs !== undefined &&
    instance.criticalSince !== undefined &&
    now - instance.criticalSince >= check.deregisterCriticalAfterMs
  ) {
    return 'deregister';
  }
  if (check.type === 'ttl' && health !== 'critical' && now - instance.lastHeartbeatAt > check.ttlMs) {
    return 'expire';
  }
  return undefined;
}
