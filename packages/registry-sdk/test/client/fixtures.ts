/** Shared fixtures of the client unit tests: a fake instance and the msw server's base URL. */
import { type Instance } from '../../src/instance/types.js';

/** Base URL the msw handlers answer on. */
export const BASE = 'http://registry.test';

/** A passing instance with the given overrides. */
export function fakeInstance(overrides: Partial<Instance> = {}): Instance {
  return {
    id: 'compass-1',
    service: 'compass',
    address: '10.0.0.1',
    port: 8080,
    tags: [],
    metadata: {},
    weight: 1,
    status: 'passing',
    draining: false,
    registeredAt: 1,
    lastHeartbeatAt: 1,
    ...overrides,
  };
}

/** An error envelope as the server sends it. */
export function envelope(
  code: string,
  message: string,
  requestId = 'req-1',
  details?: Record<string, unknown>,
) {
  return { error: { code, message, ...(details ? { details } : {}) }, requestId };
}
