/** Paths of the shared FLASH-DOCK example files the examples read (under `COMPASS_DATA_DIR`). */
import { join } from 'node:path';
import { sharedDataDir } from '@compass/sdk';

/** The FLASH-DOCK example folder. */
export function flashdockDir(): string {
  return join(sharedDataDir(), 'flashdock-examples');
}

/** A receptor of the batch docking run (1..4). */
export function batchReceptor(i: number): string {
  return join(flashdockDir(), 'Batch_Docking_Result', `receptor${i}.pdb`);
}

/** The pose of ligand `j` docked into receptor `i` (1..4 each). */
export function batchPose(i: number, j: number): string {
  return join(flashdockDir(), 'Batch_Docking_Result', `receptor${i}_ligand${j}_docked.sdf`);
}

/** The single docking result of the FLASH-DOCK docking page (1a0q ligand in the 1a0q pocket). */
export function dockingResultPose(): string {
  return join(flashdockDir(), 'Docking_Result', '1a0q_ligand_1a0q_pocket_docked.sdf');
}
