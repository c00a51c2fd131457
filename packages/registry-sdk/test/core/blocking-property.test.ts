/**
 * Property: a blocking query never misses a change. For random sequences of registrations, reports, drains and
 * deregistrations, a query holding any earlier (index, result) whose result differs from today's answers at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/core/registry.js';
import { significantKey } from '../../src/core/query-match.js';
import { type InstanceQuery, type QueryResult } from '../../src/instance/types.js';

type Op =
  | { kind: 'register'; id: number; service: number; tag: boolean; status?: 'critical' }
  | { kind: 'ttl'; id: number; result: 'pass' | 'warn' | 'fail' }
  | { kind: 'maintenance'; id: number; enabled: boolean }
  | { kind: 'deregister'; id: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    id: fc.integer({ min: 0, max: 4 }),
    service: fc.integer({ min: 0, max: 1 }),
    tag: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('ttl' as const),
    id: fc.integer({ min: 0, max: 4 }),
    result: fc.constantFrom('pass' as const, 'warn' as const, 'fail' as const),
  }),
  fc.record({
    kind: fc.constant('maintenance' as const),
    id: fc.integer({ min: 0, max: 4 }),
    enabled: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('deregister' as const), id: fc.integer({ min: 0, max: 4 }) }),
);

const QUERIES: InstanceQuery[] = [
  { service: 's0' },
  { service: 's0', passingOnly: false },
  { service: 's1', tags: ['t'] },
];
const keyOf = (result: QueryResult) => result.instances.map((i) => significantKey(i)).join('|');

async function apply(registry: Registry, op: Op): Promise<void> {
  const id = `i${op.id}`;
  try {
    if (op.kind === 'register') {
      await registry.register({
        id,
        service: `s${op.service}`,
        address: 'a',
        port: 1,
        tags: op.tag ? ['t'] : [],
        check: { type: 'ttl', ttlMs: 60_000 },
      });
    } else if (op.kind === 'ttl') await registry.ttlUpdate(id, op.result);
    else if (op.kind === 'maintenance') await registry.setMaintenance(id, op.enabled);
    else await registry.deregister(id);
  } catch {
    // INSTANCE_NOT_FOUND for ops on unknown ids: part of the random walk.
  }
}

describe('blocking queries (property)', () => {
  it('answer at once whenever the result differs from the one seen at the given index', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const registry = await Registry.open({ sweepIntervalMs: 3_600_000 });
        try {
          const seen: Array<{ query: InstanceQuery; result: QueryResult }> = [];
          for (const query of QUERIES) seen.push({ query, result: await registry.instances(query) });
          for (const op of ops) {
            await apply(registry, op);
            for (const query of QUERIES) seen.push({ query, result: await registry.instances(query) });
          }
          for (const { query, result } of seen) {
            const now = await registry.instances(query);
            if (keyOf(now) === keyOf(result)) continue;
            const answer = await Promise.race([
              registry.query(query, { index: result.index, waitMs: 60_000 }),
              new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 500)),
            ]);
            expect(answer).toEqual(now);
          }
        } finally {
          await registry.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
