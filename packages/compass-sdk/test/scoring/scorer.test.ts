/** scoreVina against a brute-force pair sum, the torsion normalisation, per-term and per-atom parts, and errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompassError, isCompassError } from '../../src/errors.js';
import {
  VINA_WEIGHTS,
  VinaReceptor,
  XS,
  XS_TYPE_COUNT,
  isScoringError,
  pairEnergy,
  scoreVina,
  type VinaTypedLigand,
  type VinaTypedMolecule,
} from '../../src/scoring/index.js';

const empty = { a: new Uint32Array(0), b: new Uint32Array(0), rotatable: new Uint8Array(0) };

function molecule(points: readonly [number, number, number, number][]): VinaTypedMolecule {
  return {
    coords: Float64Array.from(points.flatMap(([, x, y, z]) => [x, y, z])),
    xs: Uint8Array.from(points.map(([t]) => t)),
    elements: points.map(() => 'C'),
    bonds: empty,
    warnings: [],
  };
}

function ligand(points: readonly [number, number, number, number][], numTorsions = 0): VinaTypedLigand {
  return { ...molecule(points), numTorsions };
}

describe('scoreVina', () => {
  const atom = fc.tuple(
    fc.integer({ min: 0, max: XS_TYPE_COUNT - 1 }),
    fc.double({ min: -12, max: 12, noNaN: true }),
    fc.double({ min: -12, max: 12, noNaN: true }),
    fc.double({ min: -12, max: 12, noNaN: true }),
  );
  type Atom = [number, number, number, number];

  /** Brute force over all pairs, with Vina's per-atom clash cap e * 1000 / (1000 + e). */
  function bruteForce(rec: Atom[], lig: Atom[], pair: (t1: number, t2: number, r: number) => number): number {
    let total = 0;
    for (const [t1, x1, y1, z1] of lig) {
      let e = 0;
      for (const [t2, x2, y2, z2] of rec) e += pair(t1, t2, Math.hypot(x1 - x2, y1 - y2, z1 - z2));
      total += e > 0 ? (e * 1000) / (1000 + e) : e;
    }
    return total;
  }

  /** Vina's table entry: the mean of the pair energy sampled at r^2 = i/32 and (i+1)/32, i = floor(32 r^2). */
  function tablePair(t1: number, t2: number, r: number): number {
    const i = Math.floor(32 * r * r);
    return (pairEnergy(t1, t2, Math.sqrt(i / 32)) + pairEnergy(t1, t2, Math.sqrt((i + 1) / 32))) / 2;
  }

  it('equals the brute-force sum over all pairs (analytic terms), divided by 1 + w * Nrot', () => {
    fc.assert(
      fc.property(
        fc.array(atom, { minLength: 1, maxLength: 60 }),
        fc.array(atom, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 20 }),
        (rec, lig, halfTorsions) => {
          const receptor = VinaReceptor.fromTyped(molecule(rec));
          const score = scoreVina(receptor, ligand(lig, halfTorsions / 2), { perAtom: true, analytic: true });
          const brute = bruteForce(rec, lig, pairEnergy);
          expect(score.intermolecular).toBeCloseTo(brute, 9);
          expect(score.kcalPerMol).toBeCloseTo(brute / (1 + VINA_WEIGHTS.rot * (halfTorsions / 2)), 9);
          const parts = Object.values(score.contributions).reduce((s, v) => s + v, 0);
          expect(parts).toBeCloseTo(score.kcalPerMol, 9);
          expect(score.perAtom!.reduce((s, v) => s + v, 0)).toBeCloseTo(score.kcalPerMol, 9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("equals the brute-force sum over Vina's r-squared table by default", () => {
    fc.assert(
      fc.property(
        fc.array(atom, { minLength: 1, maxLength: 60 }),
        fc.array(atom, { minLength: 1, maxLength: 12 }),
        (rec, lig) => {
          const receptor = VinaReceptor.fromTyped(molecule(rec));
          const score = scoreVina(receptor, ligand(lig));
          // the table is stored in single precision
          expect(Math.abs(score.intermolecular - bruteForce(rec, lig, tablePair))).toBeLessThan(
            1e-5 * (1 + Math.abs(score.intermolecular)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports pK = -dG / 1.364 and the raw term sums', () => {
    const receptor = VinaReceptor.fromTyped(molecule([[XS.C_H, 0, 0, 0]]));
    const s = scoreVina(receptor, ligand([[XS.C_H, 3.8, 0, 0]], 1), { analytic: true });
    expect(s.terms.gauss1).toBe(1);
    expect(s.terms.hydrophobic).toBe(1);
    expect(s.terms.repulsion).toBe(0);
    expect(s.terms.hydrogenBond).toBe(0);
    expect(s.intermolecular).toBeCloseTo(-0.035579 - 0.005156 * Math.exp(-2.25) - 0.035069, 12);
    expect(s.kcalPerMol).toBeCloseTo(s.intermolecular / 1.05846, 12);
    expect(s.pK).toBeCloseTo(-s.kcalPerMol / 1.364, 12);
    expect(s.numTorsions).toBe(1);
    expect(s.perAtom).toBeUndefined();
  });

  it('skips unscored ligand atoms and gives zero for a ligand far from the receptor', () => {
    const receptor = VinaReceptor.fromTyped(molecule([[XS.C_H, 0, 0, 0]]));
    const s = scoreVina(
      receptor,
      ligand([
        [XS.NONE, 0.5, 0, 0],
        [XS.O_A, 100, 0, 0],
      ]),
    );
    expect(s.kcalPerMol).toBe(0);
    expect(Math.abs(s.pK)).toBe(0);
  });

  it('throws SCORING_EMPTY_LIGAND for a ligand without scorable atoms', () => {
    const receptor = VinaReceptor.fromTyped(molecule([[XS.C_H, 0, 0, 0]]));
    const call = (): unknown => scoreVina(receptor, ligand([[XS.NONE, 1, 0, 0]]));
    expect(call).toThrowError(expect.objectContaining({ code: 'SCORING_EMPTY_LIGAND' }));
    try {
      call();
    } catch (e) {
      expect(isScoringError(e)).toBe(true);
      expect(isCompassError(e)).toBe(true);
      expect(e).toBeInstanceOf(CompassError);
    }
  });

  it('throws SCORING_BAD_COORDINATE for a NaN coordinate, and SCORING_EMPTY_RECEPTOR for a receptor of hydrogens', () => {
    const receptor = VinaReceptor.fromTyped(molecule([[XS.C_H, 0, 0, 0]]));
    expect(() => scoreVina(receptor, ligand([[XS.C_H, Number.NaN, 0, 0]]))).toThrowError(
      expect.objectContaining({ code: 'SCORING_BAD_COORDINATE' }),
    );
    expect(() => VinaReceptor.fromTyped(molecule([[XS.C_H, 0, Number.POSITIVE_INFINITY, 0]]))).toThrowError(
      expect.objectContaining({ code: 'SCORING_BAD_COORDINATE' }),
    );
    expect(() => VinaReceptor.fromTyped(molecule([[XS.NONE, 0, 0, 0]]))).toThrowError(
      expect.objectContaining({ code: 'SCORING_EMPTY_RECEPTOR' }),
    );
  });
});
