/** Bearer-token guards over real HTTP: writes need a write token, reads are open or need a read token. */
import { once } from 'node:events';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthGuards, type RegistryAuthOptions } from '../../src/http/auth.js';
import { createErrorHandler } from '../../src/http/error-handler.js';
import { isRegistryError } from '../../src/errors.js';

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server?.close(r));
  server = undefined;
});

async function app(options: RegistryAuthOptions): Promise<string> {
  const guards = createAuthGuards(options);
  const a = express();
  a.get('/read', guards.read, (_req, res) => void res.json({ ok: 'read' }));
  a.put('/write', guards.write, (_req, res) => void res.json({ ok: 'write' }));
  a.use(createErrorHandler());
  server = a.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const call = async (url: string, method: string, token?: string) => {
  const res = await fetch(url, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: res.status,
    body: (await res.json()) as { error?: { code: string } },
    www: res.headers.get('www-authenticate'),
  };
};

describe('auth guards', () => {
  it('refuses writes without a token or with a wrong one, accepts any configured token', async () => {
    const base = await app({ writeTokens: ['alpha-token', 'beta-token'] });
    const missing = await call(`${base}/write`, 'PUT');
    expect(missing.status).toBe(401);
    expect(missing.body.error?.code).toBe('UNAUTHORIZED');
    expect(missing.www).toBe('Bearer realm="compass-registry"');
    expect((await call(`${base}/write`, 'PUT', 'alpha-tokeN')).status).toBe(401);
    expect((await call(`${base}/write`, 'PUT', 'alpha')).status).toBe(401);
    expect((await call(`${base}/write`, 'PUT', 'alpha-token')).status).toBe(200);
    expect((await call(`${base}/write`, 'PUT', 'beta-token')).status).toBe(200);
    const basic = await fetch(`${base}/write`, {
      method: 'PUT',
      headers: { authorization: 'Basic YWxwaGEtdG9rZW4=' },
    });
    expect(basic.status).toBe(401);
    expect((await call(`${base}/read`, 'GET')).status).toBe(200);
  });

  it('with read tokens, reads need a read or write token and a read token cannot write', async () => {
    const base = await app({ writeTokens: ['writer'], readTokens: ['reader'] });
    expect((await call(`${base}/read`, 'GET')).status).toBe(401);
    expect((await call(`${base}/read`, 'GET', 'nobody')).status).toBe(401);
    expect((await call(`${base}/read`, 'GET', 'reader')).status).toBe(200);
    expect((await call(`${base}/read`, 'GET', 'writer')).status).toBe(200);
    const forbidden = await call(`${base}/write`, 'PUT', 'reader');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe('FORBIDDEN');
  });

  it('refuses to build without write tokens unless anonymous writes are explicit', async () => {
    const attempt = () => createAuthGuards({});
    expect(attempt).toThrow(/no write token/);
    try {
      attempt();
    } catch (err) {
      expect(isRegistryError(err) && err.code).toBe('INVALID_SERVER_CONFIG');
    }
    expect(() => createAuthGuards({ writeTokens: ['has space'] })).toThrow(/without spaces/);
    expect(() => createAuthGuards({ writeTokens: [''] })).toThrow(/non-empty/);
    const base = await app({ allowAnonymousWrites: true });
    expect((await call(`${base}/write`, 'PUT')).status).toBe(200);
  });
});
