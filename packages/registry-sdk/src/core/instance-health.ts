/** Small pure helpers that derive an instance's status from its health and maintenance flag. */
import { type Health } from '../checks/health-counter.js';
import { type Instance } from '../instance/types.js';

/** Copies `value` without its `undefined` properties, so every store returns identical objects. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** What the checks say about an instance, maintenance aside. */
export function healthOf(instance: Instance): Health {
  return instance.health ?? (instance.status === 'maintenance' ? 'passing' : instance.status);
}

/** `instance` with a new health: status, criticalSince and note follow; `lastHeartbeatAt` is left alone. */
export function withHealth(
  instance: Instance,
  health: Health,
  now: number,
  note: string | undefined,
): Instance {
  const wasCritical = healthOf(instance) === 'critical';
  return compact({
    ...instance,
    health,
    status: instance.draining ? 'maintenance' : health,
    criticalSince: health === 'critical' ? (wasCritical ? instance.criticalSince : now) : undefined,
    note,
  });
}
