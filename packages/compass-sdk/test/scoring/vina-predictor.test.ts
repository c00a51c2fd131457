/** VinaPredictor: the AffinityPredictor contract, receptor caching, batch order, hostile inputs. */
import { describe, expect, it } from 'vitest';
import {
  VinaPredictor,
  VinaReceptor,
  isScoringError,
  typeProtein,
  type LigandInput,
  type ProteinAtomInput,
} from '../../src/scoring/index.js';
import type { AffinityPredictor } from '../../src/predictor/contract.js';

const res = (
  name: string,
  element: string,
  residueName: string,
  key: string,
  x: number,
  y: number,
  z: number,
): ProteinAtomInput => ({
  name,
  element,
  residueName,
  residueKey: key,
  x,
  y,
  z,
});

// A toy pocket: a serine side chain, a leucine side chain and a zinc ion, no hydrogens.
const protein: ProteinAtomInput[] = [
  res('CB', 'C', 'SER', 'A1', 0, 0, 0),
  res('OG', 'O', 'SER', 'A1', 1.43, 0, 0),
  res('CD1', 'C', 'LEU', 'A2', 0, 4, 0),
  res('CG', 'C', 'LEU', 'A2', 1.2, 4.6, 0.5),
  res('ZN', 'Zn', 'ZN', 'Z1', 4, -2, 0),
];

// Methanol hydrogen-bonded to the serine OG (O-O 2.8 A).
const methanol: LigandInput = {
  elements: ['C', 'O', 'H'],
  coords: [4.3, 3.1, 0, 3.43, 1.96, 0, 2.6, 1.3, 0],
  bonds: [
    { a: 0, b: 1, order: 1 },
    { a: 1, b: 2, order: 1 },
  ],
};

describe('VinaPredictor', () => {
  it('meets the AffinityPredictor contract: pK, kcal/mol, model name, id and the Vina breakdown', async () => {
    const predictor: AffinityPredictor<ProteinAtomInput[], LigandInput> = new VinaPredictor();
    const p = await predictor.predict({ protein, ligand: methanol, id: 'm1' });
    expect(p.model).toBe('vina-1.2');
    expect(p.id).toBe('m1');
    expect(p.kcalPerMol).toBeLessThan(0);
    expect(p.pK).toBeCloseTo(-p.kcalPerMol! / 1.364, 12);
    expect(p.warnings).toEqual(['the receptor has no hydrogens: donors taken from residue templates']);
    const details = p.details as { terms: Record<string, number>; numTorsions: number };
    expect(details.numTorsions).toBe(0);
    expect(details.terms.hydrogenBond).toBeGreaterThan(0);
  });

  it('returns a batch in input order and prepares each protein object once', async () => {
    const vina = new VinaPredictor();
    const far: LigandInput = {
      ...methanol,
      coords: Array.from(methanol.coords, (v, k) => (k % 3 === 0 ? v + 30 : v)),
    };
    const [a, b, c] = await vina.predictBatch([
      { protein, ligand: methanol, id: 'a' },
      { protein, ligand: far, id: 'b' },
      { protein, ligand: methanol, id: 'c' },
    ]);
    expect([a!.id, b!.id, c!.id]).toEqual(['a', 'b', 'c']);
    expect(b!.kcalPerMol).toBe(0);
    expect(c!.kcalPerMol).toBe(a!.kcalPerMol);
    expect(vina.receptor(protein)).toBe(vina.receptor(protein));
  });

  it('accepts a receptor prepared earlier', async () => {
    const receptor = VinaReceptor.fromTyped(typeProtein(protein));
    const vina = new VinaPredictor();
    const p = await vina.predict({ protein: receptor, ligand: methanol });
    const q = await vina.predict({ protein, ligand: methanol });
    expect(p.kcalPerMol).toBe(q.kcalPerMol);
  });

  it('scores hostile ligands with warnings and finite values: no hydrogens, no bonds, unknown elements, boron', async () => {
    const vina = new VinaPredictor();
    const hostile: LigandInput = {
      elements: ['C', 'O', 'Xx', 'B'],
      coords: [4.3, 3.1, 0, 3.43, 1.96, 0, 4.3, 3.1, 2.0, 5.3, 4.2, 0],
      bonds: [],
    };
    const p = await vina.predict({ protein, ligand: hostile });
    expect(Number.isFinite(p.pK)).toBe(true);
    expect(Number.isFinite(p.kcalPerMol)).toBe(true);
    expect(p.warnings).toEqual([
      'the ligand has no bonds: bonds perceived from distances, all taken as single',
      'element(s) Xx, B have no Vina type and are not scored',
      'the ligand has no hydrogens: donors inferred from valences',
      'the receptor has no hydrogens: donors taken from residue templates',
    ]);
  });

  it('rejects a ligand with nothing to score, and malformed inputs, with typed errors', async () => {
    const vina = new VinaPredictor();
    await expect(
      vina.predict({ protein, ligand: { elements: ['H', 'Xx'], coords: [0, 0, 0, 1, 0, 0], bonds: [] } }),
    ).rejects.toSatisfy((e: unknown) => isScoringError(e) && e.code === 'SCORING_EMPTY_LIGAND');
    await expect(
      vina.predict({ protein, ligand: { coords: [] } as unknown as LigandInput }),
    ).rejects.toSatisfy((e: unknown) => isScoringError(e) && e.code === 'SCORING_BAD_INPUT');
    await expect(
      vina.predict({ protein: {} as unknown as ProteinAtomInput[], ligand: methanol }),
    ).rejects.toSatisfy((e: unknown) => isScoringError(e) && e.code === 'SCORING_BAD_INPUT');
  });

  it('honours an aborted signal', async () => {
    const vina = new VinaPredictor();
    const ctl = new AbortController();
    ctl.abort(new Error('stop'));
    await expect(vina.predictBatch([{ protein, ligand: methanol }], { signal: ctl.signal })).rejects.toThrow(
      'stop',
    );
  });
});
