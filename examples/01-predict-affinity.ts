/**
 * Example 1: predict the binding affinity (pK) of a docked pose, as FLASH-DOCK's affinity page did.
 * `npm run example -- predict-affinity [--protein receptor.pdb --ligand pose.sdf] [--url http://...]`
 */
import { existsSync } from 'node:fs';
import type { CompassPredictResult } from '@compass/sdk';
import { parseExampleFlags } from './lib/args.js';
import { connect } from './lib/connect.js';
import { batchPose, batchReceptor, dockingResultPose } from './lib/flashdock.js';

/** What the example returns (tests check it). */
export interface PredictAffinityResult extends CompassPredictResult {
  readonly protein: string;
  readonly ligand: string;
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<PredictAffinityResult> {
  const flags = parseExampleFlags(args);
  let protein = flags.protein;
  let ligand = flags.ligand ?? (flags.protein ? dockingResultPose() : undefined);
  if (!protein) {
    // The shared FLASH-DOCK data holds the 1a0q docked ligand but not the 1a0q pocket: use a complete pair.
    log(
      `note: no --protein given and the 1a0q pocket (for ${dockingResultPose()}) is not in the shared data;`,
    );
    log('      predicting the FLASH-DOCK pose receptor1_ligand1 instead');
    protein = batchReceptor(1);
    ligand = batchPose(1, 1);
  }
  for (const f of [protein, ligand!]) if (!existsSync(f)) throw new Error(`missing input file ${f}`);
  const conn = await connect(flags);
  try {
    const result = await conn.compass.predict({ protein: { path: protein }, ligand: { path: ligand! } });
    log(`protein ${protein}`);
    log(`ligand  ${ligand}`);
    for (const p of result.predictions)
      log(
        `  record ${p.index} ${p.name || '(unnamed)'}: pK ${p.pK.toFixed(2)}` +
          (p.uncertainty !== null ? ` ± ${p.uncertainty.toFixed(2)}` : '') +
          (p.warnings.length ? `  [${p.warnings.join('; ')}]` : ''),
      );
    log(`served by ${result.tier} (${result.servedBy}), model ${result.model}`);
    for (const f of result.fallbacks) log(`  fell back past ${f.tier}: ${f.reason}: ${f.message}`);
    return { ...result, protein, ligand: ligand! };
  } finally {
    await conn.close();
  }
}
