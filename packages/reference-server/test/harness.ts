/** Test harness: a real server on 127.0.0.1 port 0 over a temp data dir, and a small fetch helper. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type RunningServer, type ServerOptions, startServer } from '../src/server.js';

/** A started server with its first admin token. */
export interface TestServer extends RunningServer {
  readonly dataDir: string;
  readonly admin: string;
  /** Calls the server; `body` objects are sent as JSON. */
  call(method: string, path: string, init?: CallInit): Promise<Response>;
}

/** Options of {@link TestServer.call}. */
export interface CallInit {
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A fresh temp data dir; remove with {@link removeDir}. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'compass-server-'));
}

/** Removes a temp dir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts a server (silent logs, port 0) on `dataDir` (a fresh temp dir by default). */
export async function startTestServer(
  options: Partial<ServerOptions> & { readonly adminToken?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  // No bundled model unless a test asks for it: readiness and model lists stay the same whether or not the sdk's
  // bundled package has been built in this checkout.
  const server = await startServer({
    logger: pino({ level: 'silent' }),
    port: 0,
    modelOptions: { bundledDir: null },
    ...options,
    dataDir,
  });
  const admin = server.firstAdminToken ?? options.adminToken ?? '';
  const call = (method: string, path: string, init: CallInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? admin : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${server.url}${path}`, { method, headers, body });
  };
  return Object.assign(server, { dataDir, admin, call });
}
