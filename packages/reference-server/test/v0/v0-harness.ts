/** v0 test harness: a real server with the v0 listener on 127.0.0.1, a manual trainer, and a JSON fetch helper. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type V0ServerOptions } from '../../src/v0/index.js';
import { tgzOf } from '../archives.js';
import { startTestServer, type TestServer } from '../harness.js';
import { ManualRunner } from '../test-runner.js';

/** The committed inference fixtures (TYK2 pocket and ligand series); also the server's `--allowed-dir`. */
export const FIX = join(import.meta.dirname, '..', 'fixtures', 'inference');

/** A server with the v0 listener and a manual runner. */
export interface V0TestServer extends TestServer {
  readonly runner: ManualRunner;
  /** Base URL of the v0 listener. */
  readonly v0url: string;
}

/** Starts a server (port 0) whose v0 listener is on another free port, predicting from paths inside {@link FIX}. */
export async function startV0TestServer(v0: Partial<V0ServerOptions> = {}): Promise<V0TestServer> {
  const runner = new ManualRunner();
  const s = await startTestServer({
    runner,
    inference: { allowedDir: FIX },
    v0: { port: 0, uploadWaitMs: 20_000, ...v0 },
  });
  return Object.assign(s, { runner, v0url: s.v0!.url });
}

/** A parsed answer. */
export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Calls `base + path` as the v0 client does (no credentials); objects are sent as JSON, strings raw as JSON. */
export async function v0call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the raw text is left for the assertion to show.
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The TYK2 dataset archive (pocket + ligand series). */
export function tyk2Archive(): Promise<Buffer> {
  return tgzOf([
    { name: 'tyk2_protein.pdb', data: readFileSync(join(FIX, 'tyk2_pocket.pdb')) },
    { name: 'tyk2_ligands.sdf', data: readFileSync(join(FIX, 'tyk2_ligands.sdf')) },
  ]);
}

/** Uploads an archive as FLASH-DOCK does: multipart `file`, with `name` and `description` as form fields. */
export async function v0upload(base: string, archive: Buffer, fileName: string, name = 'tyk2') {
  const form = new FormData();
  form.append('name', name);
  form.append('description', 'TYK2 series from FLASH-DOCK');
  form.append('file', new Blob([new Uint8Array(archive)]), fileName);
  const res = await fetch(`${base}/api/v1/data/upload`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `fn` until `ok` or `ms` pass; returns the last value. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Python's `datetime.fromisoformat` before 3.11: no zone suffix. */
export const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
