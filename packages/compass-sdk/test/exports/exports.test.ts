/**
 * The package's surfaces, pinned: each entry's runtime exports must equal its list in this folder, and the root's
 * names (types included) stay under 80. An export added or removed by accident fails here; an intended change
 * updates the list (`<entry>.txt`, one name a line, sorted).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, '../../src');

function pinned(name: string): string[] {
  return readFileSync(join(here, `${name}.txt`), 'utf8')
    .split('\n')
    .filter(Boolean);
}

/** Every name an entry exports, types included, as the compiler sees them. */
function exportedNames(entry: string): string[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  if (!file) throw new Error(`${entry} not found`);
  const mod = checker.getSymbolAtLocation(file);
  if (!mod) throw new Error(`${entry} is not a module`);
  return checker.getExportsOfModule(mod).map((s) => s.getName());
}

describe('@compass/sdk export surfaces', () => {
  it.each([
    ['root', '@compass/sdk'],
    ['graph', '@compass/sdk/graph'],
    ['engine', '@compass/sdk/engine'],
    ['client', '@compass/sdk/client'],
  ])('%s entry exports exactly its pinned runtime names', async (name, spec) => {
    const mod = (await import(spec)) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(pinned(name));
  });

  it('the root exports fewer than 80 names, types included, and no graph op or test helper', () => {
    const names = exportedNames(join(src, 'index.ts'));
    expect(names.length).toBeGreaterThan(30);
    expect(names.length).toBeLessThan(80);
    for (const internal of [
      'split',
      'log',
      'where',
      'exp',
      'tensor',
      'Split',
      'sharedDataDir',
      'findReferenceTools',
    ])
      expect(names).not.toContain(internal);
  });

  it('the graph builder lives at @compass/sdk/graph, the engine parts at @compass/sdk/engine', async () => {
    const graph = (await import('@compass/sdk/graph')) as Record<string, unknown>;
    const engine = (await import('@compass/sdk/engine')) as Record<string, unknown>;
    expect(typeof graph.Graph).toBe('function');
    expect(typeof graph.buildTrainStepProgram).toBe('function');
    expect(typeof engine.createLocalSession).toBe('function');
    expect(typeof engine.extractPocket).toBe('function');
    // The engine entry holds every engine part, so the root's classes are the same objects there.
    const root = (await import('@compass/sdk')) as Record<string, unknown>;
    expect(engine.TrainingJob).toBe(root.TrainingJob);
  });
});
