/** Our models as the v0 `Model` record. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Model } from '../storage/records.js';
import { naiveOf } from './task-shape.js';

/** The v0 `Model` record. */
export interface V0Model {
  readonly model_id: string;
  readonly name: string;
  readonly version: string;
  readonly task_id: string | null;
  readonly checkpoint_path: string;
  readonly file_size: number;
  readonly created_at: string;
  readonly metadata: Record<string, unknown>;
  readonly metrics: Record<string, unknown>;
}

/** Bytes of the package's files (0 for the built-in Vina model, which has none). */
async function packageBytes(dir: string): Promise<number> {
  try {
    const names = await readdir(dir);
    const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
    return sizes.reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}

/**
 * The model as v0 shows it; `packageDir` is where its package lives (see ModelManager.packageDir), `taskId` the
 * training task that produced it (null for bundled or uploaded packages).
 */
export async function toV0Model(model: Model, packageDir: string, taskId: string | null): Promise<V0Model> {
  const card = model.card;
  const metrics = card.metrics;
  return {
    model_id: model.id,
    name: model.name,
    // Our models have no version number; the package hash names the exact package.
    version: typeof card.version === 'string' ? card.version : `sha256:${model.sha256.slice(0, 12)}`,
    task_id: taskId,
    checkpoint_path: model.packagePath,
    file_size: await packageBytes(packageDir),
    created_at: naiveOf(model.createdAt),
    metadata: {
      aliases: model.aliases,
      is_default: model.isDefault,
      ...(typeof card.architecture === 'object' && card.architecture !== null
        ? { architecture: card.architecture }
        : {}),
      ...(typeof card.description === 'string' ? { description: card.description } : {}),
    },
    metrics: typeof metrics === 'object' && metrics !== null ? (metrics as Record<string, unknown>) : {},
  };
}
