/**
 * Fine-tuning a GIGN package on a lab's own series: each ensemble member trained from its published weights on the
 * user's complexes (Adam, seeded shuffles), with the BatchNorm statistics kept as published.
 */
import { buildTrainStepProgram, type Program } from '../graph/programs.js';
import type { LoadedModelPackage } from '../model-package/load.js';
import { ModelPackageError } from '../model-package/errors.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { createLocalSession, type ModelSession } from '../runtime/session.js';
import { Trainer } from '../runtime/trainer.js';
import { shuffled } from './shuffle.js';
import { ModelError } from '../model/errors.js';
import { gignBatchFeeds, type GignGraphInput } from '../model/gign/feeds.js';
import type { GignHyperParams } from '../model/gign/hyper-params.js';
import {
  createGignModelDef,
  frozenInput,
  gignMemberParamSpecs,
  gignMemberPrefix,
} from '../model/gign/model-def.js';

/**
 * What is trained: `head` the fully connected head only (the interaction layers frozen), `last-layer` the head and
 * the last interaction layer, `all` every parameter. BatchNorm running statistics are never re-estimated (they are
 * folded into per-channel scale and shift, which train with their layer).
 */
export type GignFineTuneRegime = 'head' | 'last-layer' | 'all';

/** One labelled complex to fine-tune on. */
export interface GignFineTuneItem {
  readonly graph: GignGraphInput;
  /** Measured pK. */
  readonly pK: number;
}

/** Progress after each step. */
export interface GignFineTuneProgress {
  /** Ensemble member (0-based) being trained. */
  readonly member: number;
  readonly members: number;
  /** 0-based epoch. */
  readonly epoch: number;
  readonly epochs: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Loss of this step's batch (MSE in pK^2 before the update). */
  readonly loss: number;
}

/** Options of {@link fineTuneGign}. */
export interface GignFineTuneOptions {
  /** Default {@link GIGN_FINE_TUNE_DEFAULTS}.regime. */
  readonly regime?: GignFineTuneRegime;
  readonly epochs?: number;
  readonly learningRate?: number;
  /** Complexes per step. */
  readonly batchSize?: number;
  /** Seed of the shuffles (member m, epoch e shuffles with seed + 7919 m + e). */
  readonly seed?: number;
  /** Checked between steps: an aborted run rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: GignFineTuneProgress) => void;
  /** onnxruntime intra-op threads (default 1: the same numbers on every run). */
  readonly intraOpThreads?: number;
}

/**
 * The recipe chosen on dev splits (`scripts/evaluate-finetune.ts --select`: each series' fine-tuning half split
 * again, tuned on one inner half and scored on the other; no held-out ligand used). Mean per-series Pearson /
 * Spearman over 34 OpenFF and Schrodinger series (zero-shot 0.40 / 0.36, heavy-atom count 0.30 / 0.30): head at lr
 * 1e-4, 3e-4, 1e-3 for 10 epochs 0.48 / 0.48, 0.50 / 0.50, 0.47 / 0.49; head at 3e-4 for 25 epochs 0.51 / 0.54;
 * head + last interaction layer at 3e-4 for 10 epochs 0.47 / 0.45; all layers at 1e-4 for 5 epochs 0.49 / 0.51
 * (4x the time of head-only 10 epochs). On the held-out halves (`npm run evaluate -- finetune`, 35 series) this
 * recipe gives 0.61 / 0.58 against zero-shot 0.40 / 0.36 and heavy-atom count 0.35 / 0.34.
 */
export const GIGN_FINE_TUNE_DEFAULTS = Object.freeze({
  regime: 'head' as GignFineTuneRegime,
  epochs: 25,
  learningRate: 3e-4,
  batchSize: 8,
  seed: 1,
  clipNorm: 10,
});

function bad(message: string, details?: Record<string, unknown>): ModelError {
  return new ModelError('MODEL_BAD_INPUT', message, details ? { details } : {});
}

/** Names of one member's parameters that stay fixed under `regime`. */
export function gignFrozenParams(hp: GignHyperParams, regime: GignFineTuneRegime): string[] {
  const names = Object.keys(gignMemberParamSpecs(hp));
  if (regime === 'all') return [];
  const trained = (k: string): boolean =>
    k.startsWith('fc.') || (regime === 'last-layer' && k.startsWith(`gconv${hp.layers}.`));
  return names.filter((k) => !trained(k));
}

/** The GIGN hyper-parameters of a package, or a typed error for another architecture. */
function gignHyperParams(pkg: Pick<LoadedModelPackage, 'dir' | 'card'>): GignHyperParams {
  const a = pkg.card.architecture;
  if (a.name !== 'gign')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      `${pkg.dir}: fine-tuning GIGN needs a GIGN package, the package holds ${a.name}`,
      { details: { dir: pkg.dir, architecture: a.name } },
    );
  return a.hyperParams;
}

function checkItems(items: readonly GignFineTuneItem[]): void {
  if (items.length === 0) throw bad('fine-tuning needs at least one labelled complex');
  items.forEach((it, i) => {
    if (!Number.isFinite(it.pK)) throw bad(`item ${i}: pK ${it.pK} is not a finite number`, { item: i });
  });
}

function checkInt(field: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw bad(`${field} must be a positive integer, got ${v}`, { field });
}

/**
 * A reusable fine-tuner for one architecture and regime: the single-member train-step program is built and its
 * session opened once, then each call fine-tunes every member of a package's parameters on a series. Use it when
 * many series are fine-tuned in one process (an evaluation); {@link fineTuneGign} is the one-call form.
 */
export class GignFineTuner {
  private constructor(
    readonly hp: GignHyperParams,
    readonly regime: GignFineTuneRegime,
    private readonly program: Program,
    private readonly session: ModelSession,
    private readonly frozen: readonly string[],
  ) {}

  /** Build the program of one member (`hp.members` is ignored) and open its session. */
  static async create(
    hp: GignHyperParams,
    opts: { regime?: GignFineTuneRegime; intraOpThreads?: number } = {},
  ): Promise<GignFineTuner> {
    const one = { ...hp, members: 1 };
    const regime = opts.regime ?? GIGN_FINE_TUNE_DEFAULTS.regime;
    if (!['head', 'last-layer', 'all'].includes(regime))
      throw bad(`regime must be head, last-layer or all, got ${String(regime)}`, { field: 'regime' });
    checkInt('intraOpThreads', opts.intraOpThreads ?? 1);
    const frozen = gignFrozenParams(one, regime);
    const program = buildTrainStepProgram(createGignModelDef(one, { frozen }), {
      optimiser: { kind: 'adam' },
      clipNorm: GIGN_FINE_TUNE_DEFAULTS.clipNorm,
    });
    const session = await createLocalSession(program.onnx, { intraOpThreads: opts.intraOpThreads ?? 1 });
    return new GignFineTuner(hp, regime, program, session, frozen);
  }

  /**
   * Fine-tune every member of `params` (a whole package's parameters, prefixed `m<k>.` for an ensemble) on
   * `items`. Returns new parameters for the same hyper-parameters; frozen ones are the input tensors themselves.
   */
  async run(
    params: TensorMap,
    items: readonly GignFineTuneItem[],
    opts: Omit<GignFineTuneOptions, 'regime' | 'intraOpThreads'> = {},
  ): Promise<TensorMap> {
    checkItems(items);
    const D = GIGN_FINE_TUNE_DEFAULTS;
    const epochs = opts.epochs ?? D.epochs;
    const lr = opts.learningRate ?? D.learningRate;
    const seed = opts.seed ?? D.seed;
    checkInt('epochs', epochs);
    checkInt('batchSize', opts.batchSize ?? D.batchSize);
    if (!(lr > 0 && lr < 1))
      throw bad(`learningRate must be in (0, 1), got ${lr}`, { field: 'learningRate' });
    if (!Number.isInteger(seed)) throw bad(`seed must be an integer, got ${seed}`, { field: 'seed' });
    const batchSize = Math.min(opts.batchSize ?? D.batchSize, items.length);
    const hp = this.hp;
    const names = Object.keys(gignMemberParamSpecs(hp));
    const out: TensorMap = { ...params };
    const stepsPerEpoch = Math.ceil(items.length / batchSize);
    for (let m = 0; m < hp.members; m++) {
      const pre = gignMemberPrefix(hp, m);
      const member: TensorMap = {};
      for (const k of names) {
        const t = params[pre + k];
        if (!t) throw bad(`parameter ${pre + k} is missing`, { param: pre + k });
        member[k] = t;
      }
      const frozenFeeds: TensorMap = Object.fromEntries(this.frozen.map((k) => [frozenInput(k), member[k]!]));
      const trainer = await Trainer.create(this.program, member, { factory: async () => this.session });
      for (let e = 0; e < epochs; e++) {
        const order = shuffled(items.length, seed + 7919 * m + e);
        for (let s = 0; s < stepsPerEpoch; s++) {
          opts.signal?.throwIfAborted();
          const part = order.slice(s * batchSize, (s + 1) * batchSize).map((i) => items[i]!);
          const feeds = gignBatchFeeds(
            part.map((p) => p.graph),
            hp,
            { targets: part.map((p) => p.pK) },
          );
          const r = await trainer.step({ ...feeds, ...frozenFeeds }, lr);
          opts.onProgress?.({
            member: m,
            members: hp.members,
            epoch: e,
            epochs,
            step: s + 1,
            stepsPerEpoch,
            loss: r.loss,
          });
        }
      }
      for (const [k, t] of Object.entries(trainer.params)) out[pre + k] = t;
    }
    return out;
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Fine-tune a GIGN package (single model or ensemble) on a lab's labelled complexes: each member from its own
 * weights, Adam, seeded shuffles. Returns the new parameters for the package's hyper-parameters (save them with
 * {@link saveFineTunedGign}).
 *
 * @example
 * const pkg = await loadModelPackage(bundledModelDir());
 * const items = poses.map((p) => ({ graph: buildGignGraph(protein, p.ligand), pK: p.pK }));
 * const params = await fineTuneGign(pkg, items, { signal, onProgress: (p) => console.error(p.loss) });
 * @throws {ModelPackageError} MODEL_PACKAGE_WRONG_ARCHITECTURE for a package that is not GIGN.
 * @throws {ModelError} MODEL_BAD_INPUT for no items, a non-finite pK, a bad option or a graph GIGN cannot take.
 * Rejects with `signal.reason` when aborted.
 */
export async function fineTuneGign(
  pkg: Pick<LoadedModelPackage, 'dir' | 'card' | 'params'>,
  items: readonly GignFineTuneItem[],
  opts: GignFineTuneOptions = {},
): Promise<TensorMap> {
  const hp = gignHyperParams(pkg);
  checkItems(items);
  const tuner = await GignFineTuner.create(hp, {
    ...(opts.regime !== undefined ? { regime: opts.regime } : {}),
    ...(opts.intraOpThreads !== undefined ? { intraOpThreads: opts.intraOpThreads } : {}),
  });
  try {
    return await tuner.run(pkg.params, items, opts);
  } finally {
    await tuner.close();
  }
}
