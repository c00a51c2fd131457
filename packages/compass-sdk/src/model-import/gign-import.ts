/** From GIGN PyTorch checkpoints to a standard model package (one member per checkpoint, averaged as an ensemble). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readTorchStateDict } from '../checkpoint/index.js';
import { buildInferenceProgram } from '../graph/programs.js';
import { GIGN_PUBLISHED, type GignHyperParams } from '../model/gign/hyper-params.js';
import { createGignModelDef } from '../model/gign/model-def.js';
import { gignParamsFromStateDict } from '../model/gign/state-dict.js';
import type { ModelCard } from '../model-package/card.js';
import { writeModelPackage } from '../model-package/save.js';
import type { TensorMap } from '../runtime/host-tensor.js';

/** One checkpoint to import. */
export interface GignCheckpointSource {
  /** Path of the `torch.save(state_dict)` file. */
  readonly path: string;
  /** Member name in the card (default: the file name without extension). */
  readonly name?: string;
  /** Figures known for this checkpoint (e.g. its published validation metrics), stored in the card. */
  readonly metrics?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Options of {@link importGignCheckpoints}. */
export interface GignImportOptions {
  readonly name?: string;
  readonly description?: string;
  readonly license?: string;
  /** Card training summary (what the checkpoints were trained on). */
  readonly training?: ModelCard['training'];
  /** Card metrics of the package as a whole. */
  readonly metrics?: ModelCard['metrics'];
  /** Progress: called after each checkpoint is read. */
  readonly onProgress?: (done: number, total: number, file: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Read GIGN checkpoints without running pickle (only a state dict's opcodes and globals are accepted), map each to
 * the GIGN ModelDef's parameters, and write one model package to `outDir`: a single model for one checkpoint, an
 * ensemble (pK = members' mean, uncertainty = their standard deviation) for several. Returns the card written.
 *
 * @example
 * const card = await importGignCheckpoints(['repeat0.pt', 'repeat1.pt', 'repeat2.pt'].map((path) => ({ path })),
 *   'models/gign-ensemble', { name: 'gign-ensemble' });
 * @throws {CheckpointError} for a file that is not a safe state dict; {@link ModelError} MODEL_BAD_CHECKPOINT
 *   for a state dict that is not GIGN(35, 256); {@link ModelPackageError} when the package cannot be written.
 */
export async function importGignCheckpoints(
  sources: readonly GignCheckpointSource[],
  outDir: string,
  opts: GignImportOptions = {},
): Promise<ModelCard> {
  if (sources.length === 0) throw new RangeError('importGignCheckpoints needs at least one checkpoint');
  const hp: GignHyperParams = { ...GIGN_PUBLISHED, members: sources.length };
  const params: TensorMap = {};
  const members: NonNullable<Extract<ModelCard['architecture'], { name: 'gign' }>['members']> = [];
  for (const [m, src] of sources.entries()) {
    opts.signal?.throwIfAborted();
    const bytes = new Uint8Array(await readFile(src.path));
    const file = basename(src.path);
    const sd = await readTorchStateDict(bytes, { source: src.path });
    Object.assign(params, gignParamsFromStateDict(sd, hp, { source: src.path, member: m }));
    members.push({
      name: src.name ?? file.replace(/\.[^.]+$/, ''),
      source: { file, sha256: createHash('sha256').update(bytes).digest('hex') },
      ...(src.metrics ? { metrics: { ...src.metrics } } : {}),
    });
    opts.onProgress?.(m + 1, sources.length, src.path);
  }
  const onnx = buildInferenceProgram(createGignModelDef(hp)).onnx;
  return writeModelPackage(outDir, {
    onnx,
    params,
    card: {
      name: opts.name ?? (sources.length > 1 ? 'gign-ensemble' : members[0]!.name),
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.license !== undefined ? { license: opts.license } : {}),
      architecture: { name: 'gign', hyperParams: hp, members },
      target: { mean: 0, std: 1, unit: 'pK' },
      training: opts.training ?? { datasets: [], epochs: 0 },
      metrics: opts.metrics ?? {},
    },
  });
}
