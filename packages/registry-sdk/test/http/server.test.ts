/** startRegistryServer and the router's failure paths: shutdown of blocking queries, ownership, 5xx mapping. */
import { once } from 'node:events';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Registry } from '../../src/core/registry.js';
import { RegistryError } from '../../src/errors.js';
import { createRegistryRouter } from '../../src/http/router.js';
import { RegistryClient } from '../../src/client/registry-client.js';
import { RegistryAuthError } from '../../src/client/errors.js';
import { api, startTestServer, WRITE_TOKEN, type ErrorBody } from './harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('startRegistryServer', () => {
  it('close() ends a pending blocking query and resolves', async () => {
    const server = await startTestServer();
    const first = await api<{ index: number }>(server.url, 'GET', '/v1/services/compass/instances');
    const pending = fetch(
      `${server.url}/v1/services/compass/instances?index=${first.body.index}&wait=5m`,
    ).then(
      (res) => res.status,
      (err: unknown) => (err instanceof Error ? err.name : 'error'),
    );
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    expect(await pending).toBe('TypeError'); // fetch failed: the connection was closed under it
    await server.close(); // idempotent
  });

  it('leaves a registry it was given open, and refuses a port in use', async () => {
    const first = await startTestServer();
    cleanups.push(() => first.close());
    const second = await startTestServer({ registry: first.registry });
    await second.close();
    const instance = await first.registry.register({ id: 'x', service: 's', address: 'a', port: 1 });
    expect(instance.id).toBe('x');
    await expect(startTestServer({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('failures from the registry', () => {
  async function serveStub(stub: Partial<Registry>, onError = vi.fn()) {
    const app = express();
    app.use(
      createRegistryRouter({ index: 0, ...stub } as Registry, {
        auth: { writeTokens: [WRITE_TOKEN] },
        onError,
      }),
    );
    const server: Server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, onError };
  }

  it('hides unknown errors behind a 500 INTERNAL_ERROR and reports them to onError', async () => {
    const boom = new Error('secret detail');
    const { base, onError } = await serveStub({ services: () => Promise.reject(boom) });
    const res = await api<ErrorBody>(base, 'GET', '/v1/services');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'internal error' });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(onError).toHaveBeenCalledWith(boom, expect.anything());
  });

  it('answers STORE_UNAVAILABLE with 503 and keeps its message', async () => {
    const { base } = await serveStub({
      services: () => Promise.reject(new RegistryError('STORE_UNAVAILABLE', 'sqlite is locked')),
    });
    const res = await api<ErrorBody>(base, 'GET', '/v1/services');
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'sqlite is locked' });
  });
});

describe('read tokens through the client', () => {
  it('reads need a token, a read token cannot write, and the client maps both refusals', async () => {
    const server = await startTestServer({ auth: { writeTokens: [WRITE_TOKEN], readTokens: ['read-only'] } });
    cleanups.push(() => server.close());
    const anonymous = new RegistryClient({ url: server.url, maxRetries: 0 });
    const reader = new RegistryClient({ url: server.url, token: 'read-only', maxRetries: 0 });
    const unauthorized = await anonymous.listServices().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(RegistryAuthError);
    expect(unauthorized).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false });
    expect(await reader.listServices()).toEqual([]);
    const forbidden = await reader
      .putInstance({ service: 's', address: 'a', port: 1 })
      .catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await server.registry.services()).toEqual([]);
  });
});
