/** Stable instance ids: a restarted instance (same service, address and port or url) gets the id it had. */
import { createHash } from 'node:crypto';

/**
 * The id of an instance registered without one: the service name plus a hash of service, address and port (or url),
 * so re-registering after a restart replaces the old entry instead of adding a duplicate.
 *
 * @example deriveInstanceId({ service: 'compass', address: '10.0.0.1', port: 8080 }) // 'compass-3f0c...'
 */
export function deriveInstanceId(input: {
  service: string;
  address: string;
  port?: number;
  url?: string;
}): string {
  const key = JSON.stringify([input.service, input.address, input.port ?? null, input.url ?? null]);
  return `${input.service}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}
