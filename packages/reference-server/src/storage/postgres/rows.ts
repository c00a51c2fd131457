/** Maps PostgreSQL rows to records by way of the SQLite mappers: only BIGINT cursors and booleans differ. */
import { type ApiKey, type Model, type TaskLogEntry } from '../records.js';
import { keyFromRow, logFromRow, modelFromRow, type Row } from '../sqlite/rows.js';

export { taskFromRow, datasetFromRow, metricFromRow, type Row } from '../sqlite/rows.js';

/** A `task_logs` row; node-postgres returns BIGSERIAL as a string. */
export function pgLogFromRow(r: Row): TaskLogEntry {
  return logFromRow({ ...r, cursor: Number(r.cursor) });
}

/** A `models` row; `is_default` is a real boolean here. */
export function pgModelFromRow(r: Row): Model {
  return modelFromRow({ ...r, is_default: r.is_default === true ? 1 : 0 });
}

/** An `api_keys` row; `revoked` is a real boolean here. */
export function pgKeyFromRow(r: Row): ApiKey {
  return keyFromRow({ ...r, revoked: r.revoked === true ? 1 : 0 });
}
