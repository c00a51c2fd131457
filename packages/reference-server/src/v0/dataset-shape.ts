/** Our datasets as the v0 `Dataset` record. */
import { type Dataset } from '../storage/records.js';
import { naiveOf } from './task-shape.js';

/** The v0 `Dataset` record. */
export interface V0Dataset {
  readonly dataset_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly size: number;
  readonly file_count: number;
  readonly status: Dataset['status'];
  readonly created_at: string;
  readonly updated_at: string;
  readonly metadata: Record<string, unknown>;
  readonly error: string | null;
}

/** The dataset as v0 shows it: `size` the archive bytes, `file_count` the files it held, counts in `metadata`. */
export function toV0Dataset(ds: Dataset): V0Dataset {
  return {
    dataset_id: ds.id,
    name: ds.name,
    description: ds.description === '' ? null : ds.description,
    size: ds.file?.size ?? 0,
    file_count: ds.counts.files ?? 0,
    status: ds.status,
    created_at: naiveOf(ds.createdAt),
    updated_at: naiveOf(ds.updatedAt),
    metadata: {
      ...ds.counts,
      ...(ds.file ? { original_name: ds.file.originalName, sha256: ds.file.sha256 } : {}),
    },
    error: ds.reason,
  };
}
