/** Generated from the registry: every op's forward against its JS reference, and its gradient against finite differences. */
import { describe, expect, it } from 'vitest';
import { OPS } from '../../src/graph/registry.js';
import type { OpName } from '../../src/graph/op-name.js';
import { gradCheck, randomInput, rng } from './gradcheck.js';

/** Ops whose only use is inside gradient rules and program plumbing; their behaviour is covered there. */
const PLUMBING: readonly OpName[] = ['Shape', 'ConstantOfShape', 'GatherND'];

describe('op registry', () => {
  for (const [name, def] of Object.entries(OPS) as [OpName, (typeof OPS)[OpName]][]) {
    if (PLUMBING.includes(name)) {
      it(`${name} is plumbing with no differentiable input`, () => {
        expect(def.test.cases).toHaveLength(0);
        expect(def.grad.every((r) => r === null)).toBe(true);
      });
      continue;
    }
    def.test.cases.forEach((c, k) => {
      it(`${name} case ${k}: forward and float64 gradient`, async () => {
        const rand = rng(17 + k);
        const inputs = c.inputs.map((spec, i) => ({ name: `x${i}`, tensor: randomInput(spec, rand) }));
        const r = await gradCheck(inputs, c.apply);
        if (c.reference) {
          const want = c.reference(
            inputs.map((i) => Float64Array.from(i.tensor.data as ArrayLike<number>, Number)),
          );
          expect(r.forward.length).toBe(want.length);
          r.forward.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 10));
        }
        expect(r.maxError).toBeLessThanOrEqual(def.test.tol);
      });
    });
    it(`${name} has at least one test case`, () => {
      expect(def.test.cases.length).toBeGreaterThan(0);
    });
  }
});
