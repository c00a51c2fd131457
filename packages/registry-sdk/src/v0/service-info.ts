/** Our instances as the v0 `ServiceInfo` record, with the v0 status words mapped from our health states. */
import { type Instance } from '../instance/types.js';
import { decodeV0Metadata } from './metadata-codec.js';
import { naiveIso } from './naive-time.js';

/** The v0 status words. */
export type V0Status = 'healthy' | 'unhealthy' | 'unknown';

/** The v0 `ServiceInfo` record, field for field. */
export interface V0ServiceInfo {
  readonly service_name: string;
  readonly service_id: string;
  readonly host: string;
  readonly port: number;
  readonly base_url: string;
  readonly status: V0Status;
  readonly metadata: Record<string, unknown>;
  readonly registered_at: string;
  readonly last_heartbeat: string;
  readonly version: string;
}

/**
 * The v0 word for an instance: `healthy` while passing; `unknown` while critical with no check result yet (a v0
 * registration before its first `/health` probe: the core keeps no note then); `unhealthy` otherwise (warning,
 * critical after a failed probe or an expired TTL, maintenance).
 */
export function v0StatusOf(instance: Instance): V0Status {
  if (instance.status === 'passing') return 'healthy';
  if (instance.status === 'critical' && instance.note === undefined) return 'unknown';
  return 'unhealthy';
}

/** The port an instance is reached on: its own, else its URL's (default 80 or 443), else 80. */
function portOf(instance: Instance): number {
  if (instance.port !== undefined) return instance.port;
  if (instance.url) {
    const url = new URL(instance.url);
    if (url.port) return Number(url.port);
    return url.protocol === 'https:' ? 443 : 80;
  }
  return 80;
}

/** The instance as v0 `ServiceInfo` (instances registered through `/v1` are listed too). */
export function toV0ServiceInfo(instance: Instance): V0ServiceInfo {
  const port = portOf(instance);
  const host = instance.address;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    service_name: instance.service,
    service_id: instance.id,
    host,
    port,
    base_url: `http://${urlHost}:${port}`,
    status: v0StatusOf(instance),
    metadata: decodeV0Metadata(instance.metadata),
    registered_at: naiveIso(instance.registeredAt),
    last_heartbeat: naiveIso(instance.lastHeartbeatAt),
    version: instance.version ?? '1.0.0',
  };
}
