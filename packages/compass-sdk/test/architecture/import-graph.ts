/**
 * The import graph of a package's `src/`, read from its import lines: which file imports which, and which areas
 * (first folder under `src/`; a file at the root is an area of its own) point at which. Used by the arrow tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One relative import of a source file: the importing and the imported file, both relative to `src/`. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Every relative import of a package, plus the bare package names it imports. */
export interface ImportGraph {
  readonly edges: readonly ImportEdge[];
  /** Bare specifiers (`@compass/balancer`, `@compass/sdk/engine`, `zod`...) by importing file. */
  readonly packages: ReadonlyMap<string, readonly string[]>;
}

const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Reads every `.ts` file under `srcDir` (tests excluded) and collects its import lines. */
export function importGraph(srcDir: string): ImportGraph {
  const edges: ImportEdge[] = [];
  const packages = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const from = relative(srcDir, file);
    // Comments may show import lines in examples; only code counts.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (target.startsWith(srcDir))
          edges.push({ from, to: relative(srcDir, target).replace(/\.[cm]?js$/, '.ts') });
      } else {
        packages.set(from, [...(packages.get(from) ?? []), spec]);
      }
    }
  }
  return { edges, packages };
}

/** The area of a file relative to `src/`: its first folder, or the file itself when it sits at the root. */
export function areaOf(file: string): string {
  const parts = file.split('/');
  return parts.length === 1 ? parts[0]!.replace(/\.ts$/, '') + '.ts' : parts[0]!;
}

/**
 * Groups of areas that import each other, directly or through others (strongly connected components of the area
 * graph with more than one area), each sorted, the list sorted by its first member.
 */
export function areaCycles(graph: ImportGraph): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of graph.edges) {
    const a = areaOf(from);
    const b = areaOf(to);
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    if (a !== b) next.get(a)!.add(b);
  }
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** The imports from one area into another, as `from -> to` lines (to name them in a failure). */
export function importsBetween(graph: ImportGraph, fromArea: string, toArea: string): string[] {
  return graph.edges
    .filter((e) => areaOf(e.from) === fromArea && areaOf(e.to) === toArea)
    .map((e) => `${e.from} -> ${e.to}`);
}
