/**
 * The committed tyk2 fixtures (Schrodinger FEP+, MIT) against the Vina 1.2.3 scores stored beside them: both scoring
 * paths run on a fresh clone, without Vina or the shared data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePdb, parseSdf, makeComplex } from '../../src/structure/index.js';
import {
  VinaPredictor,
  VinaReceptor,
  scoreVina,
  typeLigandPdbqt,
  typeReceptorPdbqt,
} from '../../src/scoring/index.js';
import type { AffinityPredictor } from '../../src/predictor/contract.js';

const dir = fileURLToPath(new URL('../fixtures/scoring/', import.meta.url));
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const expected = JSON.parse(read('expected-vina.json')) as {
  poses: { ligand: string; record: number; kcalPerMol: number; intermolecular: number }[];
};

describe('tyk2 fixtures against stored vina --score_only results', () => {
  it('reproduces Vina to its printed precision from the PDBQT files Vina read', () => {
    const receptor = VinaReceptor.fromTyped(typeReceptorPdbqt(read('tyk2_pocket.pdbqt')));
    for (const pose of expected.poses) {
      const s = scoreVina(receptor, typeLigandPdbqt(read(pose.ligand)));
      expect(Math.abs(s.kcalPerMol - pose.kcalPerMol)).toBeLessThan(0.0015);
      expect(Math.abs(s.intermolecular - pose.intermolecular)).toBeLessThan(0.0015);
    }
  });

  it('predicts from the original PDB and SDF through the AffinityPredictor contract', async () => {
    const protein = parsePdb(read('tyk2_pocket.pdb'));
    const ligands = parseSdf(read('tyk2_ligands.sdf')).records;
    const predictor: AffinityPredictor = new VinaPredictor();
    const predictions = await predictor.predictBatch(ligands.map((ligand) => makeComplex(protein, ligand)));
    predictions.forEach((p, k) => {
      expect(p.model).toBe('vina-1.2');
      expect(Math.abs(p.kcalPerMol! - expected.poses[k]!.kcalPerMol)).toBeLessThan(0.01);
      expect(p.pK).toBeCloseTo(-p.kcalPerMol! / 1.364, 12);
      expect(p.warnings).toEqual([]);
    });
  });
});
