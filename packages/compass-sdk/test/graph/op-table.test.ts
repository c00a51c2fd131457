/**
 * The op table holds exactly one entry per op name: every name of the `OpName` union has an entry, no entry is
 * outside it, and no name is defined by two of the opdefs groups (the registry spreads them, so a duplicate would
 * silently replace the earlier definition instead of failing to compile).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE_OPS } from '../../src/graph/opdefs/elementwise.js';
import { INDEXING_OPS } from '../../src/graph/opdefs/indexing.js';
import { LINEAR_ALGEBRA_OPS } from '../../src/graph/opdefs/linear-algebra.js';
import { NEIGHBOUR_OPS } from '../../src/graph/opdefs/neighbour-gather.js';
import { SHAPE_OPS } from '../../src/graph/opdefs/shape.js';
import { OPS } from '../../src/graph/registry.js';

const groups = { ELEMENTWISE_OPS, LINEAR_ALGEBRA_OPS, SHAPE_OPS, INDEXING_OPS, NEIGHBOUR_OPS };

/** The names of the `OpName` union, read from its source (a type has no runtime list). */
function opNames(): string[] {
  const text = readFileSync(new URL('../../src/graph/op-name.ts', import.meta.url), 'utf8');
  const union = /export type OpName =([^;]*);/.exec(text)?.[1] ?? '';
  return [...union.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]!);
}

describe('op table', () => {
  it('the OpName union lists each name once', () => {
    const names = opNames();
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('OPS has exactly one entry per op name, and nothing else', () => {
    expect(Object.keys(OPS).sort()).toEqual(opNames().sort());
  });

  it('no op name is defined by two opdefs groups', () => {
    const owners = new Map<string, string[]>();
    for (const [group, table] of Object.entries(groups))
      for (const name of Object.keys(table)) owners.set(name, [...(owners.get(name) ?? []), group]);
    const twice = [...owners].filter(([, gs]) => gs.length > 1).map(([name, gs]) => `${name}: ${gs.join(', ')}`);
    expect(twice).toEqual([]);
    expect([...owners.keys()].sort()).toEqual(Object.keys(OPS).sort());
  });
});
