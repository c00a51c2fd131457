/** Paths of the shared FLASH-DOCK example files the examples read (under `COMPASS_DATA_DIR`). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../../support/shared-data.js';

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

/**
 * Whether the 4 x 4 batch docking files are all there. A plain file check, not `sharedDataAvailable()`: an
 * example falls back to its committed inputs rather than failing (or, under `CI`, throwing) without them.
 */
export function flashdockAvailable(): boolean {
  for (let i = 1; i <= 4; i++) {
    if (!existsSync(batchReceptor(i))) return false;
    for (let j = 1; j <= 4; j++) if (!existsSync(batchPose(i, j))) return false;
  }
  return true;
}
