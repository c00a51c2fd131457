/**
 * Example 1: predict the binding affinity (pK) of a docked pose, as FLASH-DOCK's affinity page did: `pK ± sd`
 * when the model is an ensemble (and each member's pK), the model's id and the tier that served it.
 * `npm run example -- predict-affinity [--protein receptor.pdb --ligand pose.sdf] [--url http://...]`
 */
import { existsSync } from 'node:fs';
import type { CompassPredictResult } from '@compass/sdk/engine';
import { parseExampleFlags } from './lib/args.js';
import { defaultPair } from './lib/batch-inputs.js';
import { connect } from './lib/connect.js';
import { ExampleError } from './lib/errors.js';
import { dockingResultPose } from './lib/flashdock.js';
import { formatPK, predictionMembers } from './lib/prediction-text.js';

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
    const pair = defaultPair();
    if (pair.source === 'flashdock') {
      // The shared FLASH-DOCK data holds the 1a0q docked ligand but not the 1a0q pocket: use a complete pair.
      log(
        `note: no --protein given and the 1a0q pocket (for ${dockingResultPose()}) is not in the shared data;`,
      );
      log('      predicting the FLASH-DOCK pose receptor4_ligand1 instead');
    } else {
      log('note: no --protein given and the FLASH-DOCK files are not in the shared data;');
      log(`      predicting the committed ${pair.id} pose (examples/data, OpenFF benchmark, CC-BY-4.0)`);
    }
    protein = pair.protein;
    ligand = pair.ligand;
  }
  for (const f of [protein, ligand!])
    if (!existsSync(f))
      throw new ExampleError('EXAMPLE_MISSING_INPUT', `missing input file ${f}`, { details: { path: f } });
  const conn = await connect(flags);
  try {
    const result = await conn.compass.predict({ protein: { path: protein }, ligand: { path: ligand! } });
    log(`protein ${protein}`);
    log(`ligand  ${ligand}`);
    for (const p of result.predictions) {
      log(
        `  record ${p.index} ${p.name || '(unnamed)'}: pK ${formatPK(p)} (model ${result.model})` +
          (p.warnings.length ? `  [${p.warnings.join('; ')}]` : ''),
      );
      for (const m of predictionMembers(p)) log(`    member ${m.model}: pK ${m.pK.toFixed(2)}`);
    }
    log(`served by ${result.tier} (${result.servedBy}), model ${result.model}`);
    for (const f of result.fallbacks) log(`  fell back past ${f.tier}: ${f.reason}: ${f.message}`);
    return { ...result, protein, ligand: ligand! };
  } finally {
    await conn.close();
  }
}
