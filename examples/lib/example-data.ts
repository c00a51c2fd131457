/**
 * The small inputs committed in `examples/data/` (a tyk2 pocket and four posed ligands from the OpenFF
 * benchmark, CC-BY-4.0), which examples use when the shared FLASH-DOCK files are not there (a fresh clone).
 */
import { fileURLToPath } from 'node:url';

/** The folder of the committed example inputs. */
export const EXAMPLE_DATA_DIR: string = fileURLToPath(new URL('../data/', import.meta.url));

/** The receptor: OpenFF tyk2 (PDB 4GIH, prepared and protonated), whole residues within 12 A of the ligands. */
export const examplePocket = (): string => `${EXAMPLE_DATA_DIR}tyk2/pocket.pdb`;

/** The committed ligands, strongest first by measured Ki (2.5 nM, 4.8 nM, 96 nM, 0.84 uM). */
export const EXAMPLE_LIGANDS: readonly string[] = ['lig_jmc_23', 'lig_ejm_46', 'lig_ejm_31', 'lig_ejm_43'];

/** Measured Ki of each committed ligand in nM (OpenFF `ligands.yml`); pK = 9 - log10(Ki / nM). */
export const EXAMPLE_KI_NM: Readonly<Record<string, number>> = {
  lig_jmc_23: 2.5,
  lig_ejm_46: 4.8,
  lig_ejm_31: 96,
  lig_ejm_43: 840,
};

/** The measured pK of a committed ligand. */
export const exampleMeasuredPK = (name: string): number => 9 - Math.log10(EXAMPLE_KI_NM[name]!);

/** The posed ligand `name` (one of {@link EXAMPLE_LIGANDS}), an SDF record copied from the benchmark. */
export const exampleLigand = (name: string): string => `${EXAMPLE_DATA_DIR}tyk2/${name}.sdf`;
