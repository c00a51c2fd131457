/** The server side of the console: the static mount (built or not) and the /api/v1/console routes. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRoutesAuthCheck } from './auth-check.js';
import { CONSOLE_CSP, consoleStatic } from '../../src/http/console-static.js';
import { listConsoleExamples } from '../../src/http/routes/console-routes.js';
import { MODE_PRESETS } from '../../src/tasks/modes.js';
import { startTestServer, type TestServer } from '../harness.js';

const PDB = 'ATOM      1  CA  ALA A   1       0.000   0.000   0.000  1.00  0.00           C\nEND\n';
const SDF = 'lig\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n';

async function serve(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => s.close(() => r())) });
    });
  });
}

describe('consoleStatic', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>built console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the built page with its own CSP, hashed assets with a long cache, and 404s the rest', async () => {
    const app = express();
    app.use(consoleStatic(dir));
    const server = await serve(app);
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('built console');
      expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const asset = await fetch(`${server.url}/assets/index-abc.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('falls back to the build hint, not a 500, when the build disappears after start', async () => {
    const gone = mkdtempSync(join(tmpdir(), 'console-dist-'));
    writeFileSync(join(gone, 'index.html'), '<!doctype html><title>built console</title>');
    const app = express();
    app.use(consoleStatic(gone));
    const server = await serve(app);
    try {
      expect(await (await fetch(`${server.url}/`)).text()).toContain('built console');
      rmSync(join(gone, 'index.html'));
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('The COMPASS console is not built');
    } finally {
      await server.close();
      rmSync(gone, { recursive: true, force: true });
    }
  });

  it('says how to build the console when it is missing', async () => {
    const app = express();
    app.use(consoleStatic(null));
    const server = await serve(app);
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain('The COMPASS console is not built');
      expect(text).toContain('npm run build -w packages/reference-server');
    } finally {
      await server.close();
    }
  });
});

describe('/api/v1/console routes', () => {
  let server: TestServer;
  let examples: string;
  const saved = { data: process.env.COMPASS_DATA_DIR, registry: process.env.COMPASS_REGISTRY_URL };

  beforeAll(async () => {
    examples = mkdtempSync(join(tmpdir(), 'console-examples-'));
    const folder = join(examples, 'flashdock-examples', 'Batch_Docking_Result');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'receptor1.pdb'), PDB);
    writeFileSync(join(folder, 'receptor1_ligand1_docked.sdf'), SDF);
    writeFileSync(join(folder, 'notes.txt'), 'not an example');
    writeFileSync(join(examples, 'secret.pdb'), 'outside the examples folder');
    process.env.COMPASS_DATA_DIR = examples;
    delete process.env.COMPASS_REGISTRY_URL;
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    rmSync(examples, { recursive: true, force: true });
    if (saved.data === undefined) delete process.env.COMPASS_DATA_DIR;
    else process.env.COMPASS_DATA_DIR = saved.data;
    if (saved.registry !== undefined) process.env.COMPASS_REGISTRY_URL = saved.registry;
  });

  it('lists only structure files of the example folders, classified by kind', () => {
    expect(listConsoleExamples(join(examples, 'flashdock-examples'))).toEqual([
      { name: 'Batch_Docking_Result/receptor1.pdb', kind: 'receptor', format: 'pdb', size: PDB.length },
      {
        name: 'Batch_Docking_Result/receptor1_ligand1_docked.sdf',
        kind: 'pose',
        format: 'sdf',
        size: SDF.length,
      },
    ]);
    expect(listConsoleExamples(join(examples, 'nowhere'))).toEqual([]);
  });

  it('gives the mode presets and says no registry is configured', async () => {
    const res = await server.call('GET', '/api/v1/console/info');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.modePresets).toEqual(MODE_PRESETS);
    expect(body.modes).toEqual(['smoke_test', 'prototyping', 'validation', 'production']);
    expect(body.registryConfigured).toBe(false);
    expect(body.examplesAvailable).toBe(true);
  });

  it('serves a listed example file and refuses any other name, including traversal', async () => {
    const ok = await server.call(
      'GET',
      '/api/v1/console/examples/file?name=Batch_Docking_Result/receptor1.pdb',
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('ATOM      1  CA  ALA');
    for (const name of [
      'Batch_Docking_Result/notes.txt',
      '../secret.pdb',
      'Batch_Docking_Result/../../secret.pdb',
    ]) {
      const res = await server.call('GET', `/api/v1/console/examples/file?name=${encodeURIComponent(name)}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    const missing = await server.call('GET', '/api/v1/console/examples/file');
    expect(missing.status).toBe(400);
  });

  it('reports an absent registry, then an unreachable one, as empty with the reason', async () => {
    const none = (await (await server.call('GET', '/api/v1/console/instances')).json()) as Record<
      string,
      unknown
    >;
    expect(none).toEqual({
      registry: { configured: false, url: null, reachable: false, error: null },
      instances: [],
      healthy: 0,
      total: 0,
    });
    process.env.COMPASS_REGISTRY_URL = 'http://127.0.0.1:9';
    try {
      const res = (await (await server.call('GET', '/api/v1/console/instances')).json()) as {
        registry: { configured: boolean; reachable: boolean; error: string | null };
        total: number;
      };
      expect(res.registry.configured).toBe(true);
      expect(res.registry.reachable).toBe(false);
      expect(res.registry.error).toBeTruthy();
      expect(res.total).toBe(0);
    } finally {
      delete process.env.COMPASS_REGISTRY_URL;
    }
  });

  registerRoutesAuthCheck(() => server);
});
