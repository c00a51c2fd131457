/** Independent expectations: the Vina score of a pair computed directly, without the examples' code paths. */
import { readFileSync } from 'node:fs';
import { parseLigands, parseProtein, VinaPredictor } from '@compass/sdk/engine';

/** The Vina pK of the first ligand record against the protein. */
export async function vinaPK(protein: string, ligand: string): Promise<number> {
  const p = parseProtein(readFileSync(protein, 'utf8'), { format: 'pdb' });
  const l = parseLigands(readFileSync(ligand, 'utf8'), { format: 'sdf' }).records[0]!;
  return (await new VinaPredictor().predict({ protein: p, ligand: l })).pK;
}

/** Model names under which a tier serves the empirical Vina score (the server's fallback or the local scorer). */
export const VINA_MODELS = ['vina', 'vina-1.2'];
