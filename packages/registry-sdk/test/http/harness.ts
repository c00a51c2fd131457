/** Test harness: a real registry server on 127.0.0.1 port 0 and a small fetch helper that returns status and JSON. */
import {
  startRegistryServer,
  type RegistryServerOptions,
  type RunningRegistryServer,
} from '../../src/http/server.js';

/** The write token the harness configures. */
export const WRITE_TOKEN = 'test-write-token';

/** Starts a server on a free port with the memory store (unless options say otherwise). */
export function startTestServer(
  options: Partial<RegistryServerOptions> = {},
): Promise<RunningRegistryServer> {
  return startRegistryServer({ port: 0, store: 'memory', auth: { writeTokens: [WRITE_TOKEN] }, ...options });
}

/** A parsed answer. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** The error envelope's shape, for assertions. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
  requestId: string;
}

/**
 * Calls the API. `body` objects are sent as JSON; strings are sent raw with `contentType` (default JSON).
 * `token: null` sends no Authorization header; by default the write token is sent.
 */
export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string | null;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? WRITE_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the raw text is returned for the assertion to show.
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
