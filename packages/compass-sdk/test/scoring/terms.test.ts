/** The five Vina terms at hand-computed distances, the cutoff and the published weights. */
import { describe, expect, it } from 'vitest';
import { VINA_WEIGHTS, XS, addPairTerms, pairEnergy } from '../../src/scoring/index.js';

function terms(t1: number, t2: number, r: number): number[] {
  const out = new Float64Array(5);
  addPairTerms(t1, t2, r, out);
  return Array.from(out);
}

describe('Vina terms', () => {
  it('uses the 1.2.x default weights', () => {
    expect(VINA_WEIGHTS).toEqual({
      gauss1: -0.035579,
      gauss2: -0.005156,
      repulsion: 0.840245,
      hydrophobic: -0.035069,
      hydrogenBond: -0.587439,
      rot: 0.05846,
    });
  });

  it('gives gauss1 = 1, full hydrophobic and no repulsion at touching C_H radii (d = 0)', () => {
    const [g1, g2, rep, hyd, hb] = terms(XS.C_H, XS.C_H, 3.8);
    expect(g1).toBe(1);
    expect(g2).toBeCloseTo(Math.exp(-2.25), 15);
    expect(rep).toBe(0);
    expect(hyd).toBe(1);
    expect(hb).toBe(0);
  });

  it('ramps the hydrophobic term from 1 at d = 0.5 to 0 at d = 1.5', () => {
    expect(terms(XS.C_H, XS.C_H, 4.3)[3]).toBeCloseTo(1, 12);
    expect(terms(XS.C_H, XS.C_H, 4.8)[3]).toBeCloseTo(0.5, 12);
    expect(terms(XS.C_H, XS.C_H, 5.3)[3]).toBe(0);
    expect(terms(XS.C_H, XS.Cl_H, 3.2)[3]).toBe(1);
    expect(terms(XS.C_P, XS.C_H, 3.8)[3]).toBe(0);
  });

  it('counts repulsion as d squared and the hydrogen bond from 0 at d = 0 to 1 at d = -0.7', () => {
    const [, , rep, , hb] = terms(XS.N_D, XS.O_A, 2.8);
    expect(rep).toBeCloseTo(0.49, 12);
    expect(hb).toBe(1);
    expect(terms(XS.O_A, XS.N_D, 3.15)[4]).toBeCloseTo(0.5, 12);
    expect(terms(XS.Met_D, XS.O_A, 2.9)[4]).toBe(0);
    expect(terms(XS.Met_D, XS.O_A, 2.5)[4]).toBeCloseTo(0.4 / 0.7, 12);
    expect(terms(XS.N_D, XS.N_D, 2.8)[4]).toBe(0);
    expect(terms(XS.N_A, XS.O_A, 2.8)[4]).toBe(0);
  });

  it('drops every term at and beyond the 8 A cutoff', () => {
    expect(terms(XS.C_H, XS.C_H, 8)).toEqual([0, 0, 0, 0, 0]);
    expect(terms(XS.C_H, XS.C_H, 7.999)[1]).toBeGreaterThan(0);
  });

  it('weighs the terms into kcal/mol', () => {
    const [g1, g2, rep, hyd, hb] = terms(XS.N_D, XS.O_A, 2.8) as [number, number, number, number, number];
    const w = VINA_WEIGHTS;
    expect(pairEnergy(XS.N_D, XS.O_A, 2.8)).toBeCloseTo(
      w.gauss1 * g1 + w.gauss2 * g2 + w.repulsion * rep + w.hydrophobic * hyd + w.hydrogenBond * hb,
      14,
    );
    expect(pairEnergy(XS.C_H, XS.C_H, 9)).toBe(0);
  });
});
