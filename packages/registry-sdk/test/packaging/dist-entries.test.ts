/**
 * The built packages load as published: each `dist` entry through `require` (CJS) and `import()` (ESM) in a
 * plain Node process (no `source` condition), with the same export names, no `import.meta` left undefined in
 * the CommonJS bundle, and @compass/sdk not loading onnxruntime's native library at import time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PACKAGES = ['registry-sdk', 'balancer', 'compass-sdk'] as const;

function entry(pkg: string, file: string): string {
  return resolve(packagesDir, pkg, 'dist', file);
}

/** Built output exists only after `npm run build`; CI always builds first, so there its absence is an error. */
function distAvailable(): boolean {
  const missing = PACKAGES.filter(
    (p) => !existsSync(entry(p, 'index.cjs')) || !existsSync(entry(p, 'index.js')),
  );
  if (missing.length === 0) return true;
  if (process.env.CI)
    throw new Error(`dist missing for ${missing.join(', ')}: run npm run build before the tests`);
  console.warn(`skipping dist entry checks: no build for ${missing.join(', ')} (run npm run build)`);
  return false;
}

/** Runs a script in a fresh Node process and parses the one JSON line it prints. */
function node(args: string[]): unknown {
  const out = execFileSync(process.execPath, args, { cwd: packagesDir, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

// Reports export names and whether any onnxruntime module sits in the CommonJS cache after loading.
const CJS_PROBE = `const m = require(process.argv[1]);
const ort = Object.keys(require.cache).filter((k) => /onnxruntime/.test(k)).length;
console.log(JSON.stringify({ names: Object.keys(m).sort(), ort }));`;
const ESM_PROBE = `const m = await import(process.argv[1]);
console.log(JSON.stringify({ names: Object.keys(m).filter((k) => k !== 'default').sort() }));`;

describe.skipIf(!distAvailable())('built dist entries', () => {
  for (const pkg of PACKAGES) {
    it(`${pkg}: CJS require and ESM import both load, with the same exports`, () => {
      const cjs = node(['-e', CJS_PROBE, entry(pkg, 'index.cjs')]) as { names: string[]; ort: number };
      const esm = node(['--input-type=module', '-e', ESM_PROBE, entry(pkg, 'index.js')]) as {
        names: string[];
      };
      expect(cjs.names.length).toBeGreaterThan(10);
      expect(cjs.names).toEqual(esm.names);
      if (pkg === 'compass-sdk') {
        expect(cjs.names).toContain('createCompass');
        expect(cjs.names).not.toContain('sharedDataDir');
        expect(cjs.names).not.toContain('split');
        expect(cjs.ort).toBe(0);
      }
    });
  }

  it.each(['client', 'graph', 'engine'])(
    'compass-sdk/%s: the subpath entry loads in both formats, same exports',
    (name) => {
      const cjs = node(['-e', CJS_PROBE, entry('compass-sdk', `${name}.cjs`)]) as {
        names: string[];
        ort: number;
      };
      const esm = node(['--input-type=module', '-e', ESM_PROBE, entry('compass-sdk', `${name}.js`)]) as {
        names: string[];
      };
      expect(cjs.names.length).toBeGreaterThan(10);
      expect(cjs.names).toEqual(esm.names);
      expect(cjs.ort).toBe(0);
    },
  );

  it('compass-sdk: module-relative paths resolve in the CommonJS bundle as in ESM', () => {
    const probe = (m: string) => `const d = ${m}.bundledModelDir(); console.log(JSON.stringify({ d }));`;
    const env = { ...process.env };
    delete env.COMPASS_DATA_DIR;
    const run = (args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, args, {
          cwd: packagesDir,
          encoding: 'utf8',
          env,
          timeout: 60_000,
        }).trim(),
      ) as { d: string };
    const cjs = run(['-e', probe(`require(${JSON.stringify(entry('compass-sdk', 'index.cjs'))})`)]);
    const esm = run([
      '--input-type=module',
      '-e',
      probe(`(await import(${JSON.stringify(entry('compass-sdk', 'index.js'))}))`),
    ]);
    expect(cjs.d).toBe(resolve(packagesDir, 'compass-sdk/models/default'));
    expect(esm.d).toBe(cjs.d);
  });

  it('compass-sdk: both bundles build a graph and run it in the session worker (onnxruntime loaded on demand)', () => {
    // y = exp(x) + 1 through the worker entry that sits beside each bundle.
    const probe = (
      load: (name: string) => string,
    ) => `const m = { ...${load('graph')}, ...${load('engine')} };
const g = new m.Graph();
const x = g.input('x', 'float32', [2]);
g.output('y', m.add(m.exp(x), 1));
const worker = new m.SessionWorker();
const session = await worker.createSession(m.encodeModel(g), { provider: 'cpu' });
const out = await session.run({ x: m.hostTensor('float32', [2], [0, 1]) });
await session.release();
await worker.terminate();
console.log(JSON.stringify({ provider: session.provider, y: Array.from(out.y.data) }));`;
    const cjs = node([
      '--input-type=module',
      '-e',
      probe(
        (n) =>
          `(await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(entry('compass-sdk', `${n}.cjs`))})`,
      ),
    ]);
    const esm = node([
      '--input-type=module',
      '-e',
      probe((n) => `(await import(${JSON.stringify(entry('compass-sdk', `${n}.js`))}))`),
    ]);
    for (const r of [cjs, esm]) {
      expect(r).toMatchObject({ provider: 'cpu' });
      const y = (r as { y: number[] }).y;
      expect(y[0]).toBeCloseTo(2, 6);
      expect(y[1]).toBeCloseTo(Math.E + 1, 5);
    }
  });

  it('registry-sdk: the compass-registry CLI bundle starts in both formats', () => {
    for (const file of ['cli.cjs', 'cli.js']) {
      const help = execFileSync(process.execPath, [entry('registry-sdk', file), '--help'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(help).toContain('--store');
    }
  });
});
