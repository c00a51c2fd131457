/**
 * Arrows point one way: between packages (reference-server -> sdk -> balancer -> registry-sdk, never back) and between
 * the areas of each package. The import lines of every package's `src/` are read as text (the SDK never imports the
 * server); the arrows straightened in issue 18 stay straight, and no new cycle of areas appears.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { areaCycles, areaOf, importGraph, importsBetween, type ImportGraph } from './import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const graphs = new Map<string, ImportGraph>();
const graph = (pkg: string): ImportGraph => {
  if (!graphs.has(pkg)) graphs.set(pkg, importGraph(join(root, 'packages', pkg, 'src')));
  return graphs.get(pkg)!;
};

/** The `@compass/*` packages a package's source imports (subpaths folded into their package). */
function workspaceImports(pkg: string): string[] {
  const names = new Set<string>();
  for (const specs of graph(pkg).packages.values())
    for (const s of specs) {
      const m = /^@compass\/([a-z-]+)/.exec(s);
      if (m) names.add(m[1]!);
    }
  return [...names].sort();
}

/** Files of `pkg` that import `target` (a path relative to `src/`). */
const importersOf = (pkg: string, target: string) =>
  graph(pkg)
    .edges.filter((e) => e.to === target)
    .map((e) => e.from);

describe('import arrows', () => {
  it('packages point down only: reference-server -> sdk -> balancer -> registry-sdk', () => {
    expect(workspaceImports('registry-sdk').filter((p) => p !== 'registry-sdk')).toEqual([]);
    expect(workspaceImports('balancer').filter((p) => p !== 'balancer')).toEqual(['registry-sdk']);
    expect(workspaceImports('compass-sdk').filter((p) => p !== 'sdk')).toEqual(['balancer', 'registry-sdk']);
    expect(workspaceImports('reference-server')).not.toContain('reference-server');
  });

  it('the graph reader sees the imports (a guard against a reader that finds nothing)', () => {
    expect(graph('compass-sdk').edges.length).toBeGreaterThan(500);
    expect(graph('reference-server').edges.length).toBeGreaterThan(200);
    expect(graph('registry-sdk').edges.length).toBeGreaterThan(50);
    expect(graph('balancer').edges.length).toBeGreaterThan(50);
    expect(areaOf('graph/programs.ts')).toBe('graph');
    expect(areaOf('errors.ts')).toBe('errors.ts');
  });

  it('registry-sdk: stores and checks sit below core (the instance types live in instance/, below all)', () => {
    const g = graph('registry-sdk');
    expect(importsBetween(g, 'stores', 'core')).toEqual([]);
    expect(importsBetween(g, 'checks', 'core')).toEqual([]);
    expect(importsBetween(g, 'stores', 'checks')).toEqual([]);
    for (const area of [
      'core',
      'stores',
      'checks',
      'client',
      'http',
      'v0',
      'retry',
      'cli',
      'cli.ts',
      'errors.ts',
    ])
      expect(importsBetween(g, 'instance', area)).toEqual([]);
    expect(areaCycles(g)).toEqual([]);
  });

  it('balancer: no cycle of areas', () => {
    expect(areaCycles(graph('balancer'))).toEqual([]);
  });

  it('compass-sdk: onnx/ (the protobuf writer) is below graph/, datasets/ below training/', () => {
    const g = graph('compass-sdk');
    expect(importsBetween(g, 'onnx', 'graph')).toEqual([]);
    expect(importsBetween(g, 'datasets', 'training')).toEqual([]);
    expect(importersOf('compass-sdk', 'graph/programs.ts').filter((f) => f.startsWith('onnx/'))).toEqual([]);
  });

  it('reference-server: inference does not reach the HTTP metrics, storage does not reach jobs', () => {
    const g = graph('reference-server');
    // The composition root (server.ts) wires the Prometheus metrics into the inference service.
    const composition = (f: string) => f.startsWith('http/') || f === 'server.ts';
    expect(importersOf('reference-server', 'http/metrics.ts').filter((f) => !composition(f))).toEqual([]);
    expect(importsBetween(g, 'inference', 'http').filter((l) => l.includes('metrics'))).toEqual([]);
    expect(importsBetween(g, 'storage', 'jobs')).toEqual([]);
    const promClient = [...g.packages].filter(
      ([f, specs]) => !composition(f) && specs.includes('prom-client'),
    );
    expect(promClient.map(([f]) => f)).toEqual([]);
  });

  it('no new cycle of areas: the ones left are exactly these (each is a follow-up, none may grow)', () => {
    // compass-sdk: rfscore/ is an architecture that model-package/, predictor/ and cli/ look up by name while it
    // builds on them (and on training/ and cli/io.ts); reference-server: datasets/ and inference/ use two helpers
    // of http/ (close-unread, sdk-errors), and jobs/ -> training/ -> inference/ -> jobs/module-url.ts.
    expect(areaCycles(graph('compass-sdk'))).toEqual([
      ['cli', 'model-import', 'model-package', 'predictor', 'rfscore', 'training'],
    ]);
    expect(areaCycles(graph('reference-server'))).toEqual([
      ['datasets', 'http', 'inference', 'jobs', 'training'],
    ]);
  });
});
