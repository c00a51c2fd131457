/** Shared check: every console route refuses a request without a key. */
import { expect, it } from 'vitest';
import { type TestServer } from '../harness.js';

/** Registers a test that each console route answers 401 without a key. */
export function registerRoutesAuthCheck(server: () => TestServer): void {
  it('refuses every console route without a key', async () => {
    for (const path of [
      '/api/v1/console/info',
      '/api/v1/console/examples',
      '/api/v1/console/examples/file?name=x',
      '/api/v1/console/instances',
    ]) {
      const res = await server().call('GET', path, { token: null });
      expect(res.status, path).toBe(401);
    }
  });
}
