/**
 * How a model package's program is fed and read, per architecture: input preparation (pocket cut and
 * featurisation), batch feeds, and the pK (with the ensemble's spread) read back from the outputs.
 */
import { buildGignGraph } from '../featurise/gign/index.js';
import { gignBatchFeeds, type GignGraphInput } from '../model/gign/feeds.js';
import { compassBatchFeeds } from '../model/feeds.js';
import { prepareComplex, type PreparedComplex } from '../model/prepare.js';
import { ModelPackageError } from '../model-package/errors.js';
import type { LoadedModelPackage } from '../model-package/load.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import type { Diagnostic } from '../structure/diagnostics.js';
import type { LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';

/** A complex ready for the program, with the sizes and warnings a prediction reports. */
export interface PreparedInput {
  readonly numAtoms: number;
  readonly numLigandAtoms: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** One item's values read from a batch run. */
export interface RunnerOutput {
  readonly pK: number;
  /** Standard deviation of the members' pK (ensembles). */
  readonly uncertainty?: number;
  /** Each member's pK (ensembles). */
  readonly members?: readonly { readonly model: string; readonly pK: number }[];
}

/** The per-architecture part of a predictor. */
export interface ModelRunner<T extends PreparedInput = PreparedInput> {
  /** Cut and featurise one complex; throws the featuriser's typed errors. */
  prepare(protein: PdbStructure, ligand: LigandRecord): T;
  /** Feeds of one batch (parameters excluded). */
  feeds(items: readonly T[]): TensorMap;
  /** The values of item `i` of a batch run's outputs. */
  read(out: TensorMap, i: number): RunnerOutput;
}

interface GignPrepared extends PreparedInput {
  readonly graph: GignGraphInput;
}

type ViSNetPrepared = PreparedComplex & PreparedInput;

const floats = (out: TensorMap, name: string): Float32Array | Float64Array =>
  out[name]!.data as Float32Array | Float64Array;

/**
 * The runner of a loaded package's architecture.
 *
 * @example
 * const runner = modelRunner(await loadModelPackage(dir));
 * const feeds = runner.feeds([runner.prepare(protein, ligand)]);
 */
export function modelRunner(pkg: Pick<LoadedModelPackage, 'card'>): ModelRunner {
  const arch = pkg.card.architecture;
  if (arch.name === 'gign') {
    const hp = arch.hyperParams;
    const names = Array.from({ length: hp.members }, (_, m) => arch.members?.[m]?.name ?? `member${m}`);
    const runner: ModelRunner<GignPrepared> = {
      prepare: (protein, ligand) => {
        const graph = buildGignGraph(protein, ligand);
        return {
          graph,
          numAtoms: graph.numLigandAtoms + graph.numPocketAtoms,
          numLigandAtoms: graph.numLigandAtoms,
          diagnostics: graph.diagnostics,
        };
      },
      feeds: (items) =>
        gignBatchFeeds(
          items.map((i) => i.graph),
          hp,
        ),
      read: (out, i) => {
        const pK = floats(out, 'pred.y')[i]!;
        if (hp.members === 1) return { pK };
        const m = floats(out, 'pred.members');
        return {
          pK,
          uncertainty: floats(out, 'pred.std')[i]!,
          members: names.map((model, k) => ({ model, pK: m[i * hp.members + k]! })),
        };
      },
    };
    return runner as unknown as ModelRunner;
  }
  if (arch.name === 'rf-score')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      'an rf-score package runs through RfScorePredictor (loadPredictor picks it), not CompassPredictor',
      { details: { architecture: arch.name } },
    );
  const hp = arch.hyperParams;
  const { mean, std } = pkg.card.target;
  const runner: ModelRunner<ViSNetPrepared> = {
    prepare: (protein, ligand) => prepareComplex(protein, ligand, hp),
    feeds: (items) => compassBatchFeeds(items, hp),
    read: (out, i) => ({ pK: floats(out, 'pred.y')[i]! * std + mean }),
  };
  return runner as unknown as ModelRunner;
}
