/** From parsed protein and ligand to model input: the pocket cut and featurisation the hyper-parameters ask for. */
import type { Diagnostic } from '../structure/diagnostics.js';
import { featurise, type FeaturisedComplex } from '../structure/featurise.js';
import type { LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { extractPocket } from '../structure/pocket.js';
import type { CompassHyperParams } from './hyper-params.js';

/** A featurised complex with the warnings of its pocket cut. */
export interface PreparedComplex extends FeaturisedComplex {
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Cut the pocket (`hp.pocketRadius`, hydrogens per `hp.keepHydrogens`) and featurise it. Everything a trained
 * model saw in training is decided here, so training and prediction must both come through this function.
 *
 * @example
 * const complex = prepareComplex(parsePdb(pdbText), parseSdf(sdfText).records[0]!, hp);
 * @throws {StructureError} STRUCTURE_LIGAND_FAR or STRUCTURE_EMPTY_POCKET from the pocket cut.
 */
export function prepareComplex(
  protein: PdbStructure,
  ligand: LigandRecord,
  hp: Pick<CompassHyperParams, 'pocketRadius' | 'keepHydrogens'>,
): PreparedComplex {
  const pocket = extractPocket(protein, ligand, {
    radius: hp.pocketRadius,
    removeHydrogens: !hp.keepHydrogens,
  });
  return { ...featurise(pocket), diagnostics: pocket.diagnostics };
}
