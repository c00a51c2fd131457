/** The embedded default store: SQLite through better-sqlite3, WAL journal, migrations, transactions. */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { NotFoundError } from '../../errors.js';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import {
  apiKeySchema,
  datasetSchema,
  modelSchema,
  taskSchema,
  type ApiKey,
  type Dataset,
  type Model,
  type Task,
  type TaskLogEntry,
  type TaskMetric,
} from '../records.js';
import {
  type DatasetPatch,
  type NewApiKey,
  type NewDataset,
  type NewModel,
  type NewTask,
  type Page,
  type PageQuery,
  type RecoveryDecision,
  type Storage,
  type TaskPatch,
  type TaskQuery,
} from '../storage.js';
import { migrate } from './migrations.js';
import {
  datasetFromRow,
  keyFromRow,
  logFromRow,
  metricFromRow,
  modelFromRow,
  taskFromRow,
  type Row,
} from './rows.js';

const TASK_COLUMNS: Record<keyof TaskPatch, string> = {
  state: 'state',
  progress: 'progress',
  error: 'error',
  owner: 'owner',
  modelId: 'model_id',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};

/** Where the list query starts: rows strictly older than the cursor position. */
function after(cursor: string | undefined, where: string[], args: unknown[]): void {
  if (cursor === undefined) return;
  const pos = decodeCursor(cursor);
  where.push('(created_at < ? OR (created_at = ? AND id < ?))');
  args.push(pos.createdAt, pos.createdAt, pos.id);
}

/**
 * {@link Storage} on one SQLite file (or `:memory:`). Opening applies pending migrations.
 *
 * @example
 * const storage = SqliteStorage.open(join(dataDir, 'compass.db'));
 */
export class SqliteStorage implements Storage {
  private lastTime = 0;
  private closed = false;

  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating if needed) the database at `file` and migrates it to the current schema. */
  static open(file: string): SqliteStorage {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStorage(db);
  }

  /** Strictly increasing ISO timestamps, so "newest first" follows creation order even within one millisecond. */
  private now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  private page<T extends { createdAt: string; id: string }>(
    table: string,
    map: (r: Row) => T,
    query: PageQuery,
    where: string[] = [],
    args: unknown[] = [],
  ): Page<T> {
    const limit = pageLimit(query.limit);
    after(query.cursor, where, args);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM ${table} ${clause} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...args, limit + 1) as Row[];
    return toPage(rows.map(map), limit);
  }

  async createTask(input: NewTask): Promise<Task> {
    const at = this.now();
    const task = taskSchema.parse({
      ...input,
      id: randomUUID(),
      state: 'pending',
      progress: 0,
      error: null,
      owner: null,
      modelId: null,
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
    });
    this.db
      .prepare(
        `INSERT INTO tasks (id, name, mode, config, state, progress, dataset_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      )
      .run(
        task.id,
        task.name,
        task.mode,
        JSON.stringify(task.config),
        task.state,
        task.config.datasetId ?? null,
        at,
        at,
      );
    return task;
  }

  async getTask(id: string): Promise<Task | undefined> {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as Row | undefined;
    return row ? taskFromRow(row) : undefined;
  }

  async listTasks(query: TaskQuery = {}): Promise<Page<Task>> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.state?.length) {
      where.push(`state IN (${query.state.map(() => '?').join(', ')})`);
      args.push(...query.state);
    }
    if (query.mode) {
      where.push('mode = ?');
      args.push(query.mode);
    }
    if (query.datasetId) {
      where.push('dataset_id = ?');
      args.push(query.datasetId);
    }
    return this.page('tasks', taskFromRow, query, where, args);
  }

  async updateTask(
    id: string,
    patch: TaskPatch,
    ifState?: readonly Task['state'][],
  ): Promise<Task | undefined> {
    const fields = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof TaskPatch, unknown][];
    taskSchema.partial().parse(patch);
    const sets = [...fields.map(([k]) => `${TASK_COLUMNS[k]} = ?`), 'updated_at = ?'];
    const args: unknown[] = [...fields.map(([, v]) => v), this.now(), id];
    let where = 'id = ?';
    if (ifState) {
      where += ` AND state IN (${ifState.map(() => '?').join(', ') || 'NULL'})`;
      args.push(...ifState);
    }
    const row = this.db
      .prepare(`UPDATE tasks SET ${sets.join(', ')} WHERE ${where} RETURNING *`)
      .get(...args) as Row | undefined;
    return row ? taskFromRow(row) : undefined;
  }

  async claimTask(id: string, owner: string): Promise<Task | undefined> {
    const row = this.db
      .prepare(
        `UPDATE tasks SET owner = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND (owner IS NULL OR owner = ?)
         RETURNING *`,
      )
      .get(owner, this.now(), id, owner) as Row | undefined;
    return row ? taskFromRow(row) : undefined;
  }

  async deleteTask(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM tasks WHERE id = ?').run(id).changes > 0;
  }

  async appendTaskLogs(
    taskId: string,
    lines: readonly Pick<TaskLogEntry, 'level' | 'message'>[],
  ): Promise<TaskLogEntry[]> {
    const insert = this.db.prepare(
      'INSERT INTO task_logs (task_id, at, level, message) SELECT id, ?, ?, ? FROM tasks WHERE id = ? RETURNING *',
    );
    return this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(taskId))
        throw new NotFoundError('task', taskId);
      const at = this.now();
      return lines.map((l) => logFromRow(insert.get(at, l.level, l.message, taskId) as Row));
    })();
  }

  async readTaskLogs(taskId: string, afterCursor = 0, limit = 200): Promise<TaskLogEntry[]> {
    const rows = this.db
      .prepare('SELECT * FROM task_logs WHERE task_id = ? AND cursor > ? ORDER BY cursor LIMIT ?')
      .all(taskId, afterCursor, Math.min(1000, Math.max(1, limit))) as Row[];
    return rows.map(logFromRow);
  }

  async recordTaskMetric(taskId: string, epoch: number, values: Record<string, number>): Promise<TaskMetric> {
    if (!(await this.getTask(taskId))) throw new NotFoundError('task', taskId);
    const row = this.db
      .prepare(
        `INSERT INTO task_metrics (task_id, epoch, at, "values") VALUES (?, ?, ?, ?)
         ON CONFLICT (task_id, epoch) DO UPDATE SET at = excluded.at, "values" = excluded."values" RETURNING *`,
      )
      .get(taskId, epoch, this.now(), JSON.stringify(values)) as Row;
    return metricFromRow(row);
  }

  async listTaskMetrics(taskId: string): Promise<TaskMetric[]> {
    const rows = this.db
      .prepare('SELECT * FROM task_metrics WHERE task_id = ? ORDER BY epoch')
      .all(taskId) as Row[];
    return rows.map(metricFromRow);
  }

  async recoverInterruptedTasks(decide?: RecoveryDecision): Promise<Task[]> {
    const rows = this.db
      .prepare(`SELECT * FROM tasks WHERE state IN ('running', 'cancelling')`)
      .all() as Row[];
    const changed: Task[] = [];
    for (const task of rows.map(taskFromRow)) {
      const at = this.now();
      const outcome = task.state === 'cancelling' ? 'cancelled' : ((await decide?.(task)) ?? 'failed');
      const reason =
        outcome === 'paused'
          ? 'server restarted while the task was running; paused at its last checkpoint'
          : outcome === 'cancelled'
            ? 'server restarted while the task was being cancelled'
            : 'server restarted while the task was running';
      const finished = outcome === 'paused' ? null : at;
      const updated = await this.updateTask(
        task.id,
        { state: outcome, error: reason, owner: null, finishedAt: finished },
        [task.state],
      );
      if (updated) changed.push(updated);
    }
    return changed;
  }

  async createDataset(input: NewDataset): Promise<Dataset> {
    const at = this.now();
    const ds = datasetSchema.parse({
      ...input,
      status: 'pending',
      reason: null,
      file: null,
      counts: {},
      createdAt: at,
      updatedAt: at,
    });
    this.db
      .prepare(
        `INSERT INTO datasets (id, name, description, status, reason, file, counts, created_at, updated_at)
         VALUES (?, ?, ?, ?, NULL, NULL, '{}', ?, ?)`,
      )
      .run(ds.id, ds.name, ds.description, ds.status, at, at);
    return ds;
  }

  async getDataset(id: string): Promise<Dataset | undefined> {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined;
    return row ? datasetFromRow(row) : undefined;
  }

  async listDatasets(
    query: PageQuery & { readonly status?: Dataset['status'] } = {},
  ): Promise<Page<Dataset>> {
    const where = query.status ? ['status = ?'] : [];
    return this.page('datasets', datasetFromRow, query, where, query.status ? [query.status] : []);
  }

  async updateDataset(id: string, patch: DatasetPatch): Promise<Dataset | undefined> {
    const current = await this.getDataset(id);
    if (!current) return undefined;
    const next = datasetSchema.parse({ ...current, ...patch, updatedAt: this.now() });
    this.db
      .prepare(
        'UPDATE datasets SET description = ?, status = ?, reason = ?, file = ?, counts = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        next.description,
        next.status,
        next.reason,
        next.file ? JSON.stringify(next.file) : null,
        JSON.stringify(next.counts),
        next.updatedAt,
        id,
      );
    return next;
  }

  async deleteDataset(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }

  async putModel(input: NewModel): Promise<Model> {
    const model = modelSchema.parse({ ...input, isDefault: input.isDefault ?? false, createdAt: this.now() });
    this.db.transaction(() => {
      const hasDefault = this.db.prepare('SELECT 1 FROM models WHERE is_default = 1').get() !== undefined;
      const makeDefault = model.isDefault || !hasDefault;
      if (makeDefault) this.db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1').run();
      this.db
        .prepare(
          `INSERT INTO models (id, name, aliases, is_default, card, package_path, sha256, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          model.id,
          model.name,
          JSON.stringify(model.aliases),
          makeDefault ? 1 : 0,
          JSON.stringify(model.card),
          model.packagePath,
          model.sha256,
          model.createdAt,
        );
      const alias = this.db.prepare('INSERT INTO model_aliases (alias, model_id) VALUES (?, ?)');
      for (const a of model.aliases) alias.run(a, model.id);
    })();
    return (await this.getModel(model.id)) as Model;
  }

  async getModel(idOrAlias: string): Promise<Model | undefined> {
    const row = this.db
      .prepare(
        'SELECT * FROM models WHERE id = ? OR id = (SELECT model_id FROM model_aliases WHERE alias = ?)',
      )
      .get(idOrAlias, idOrAlias) as Row | undefined;
    return row ? modelFromRow(row) : undefined;
  }

  async getDefaultModel(): Promise<Model | undefined> {
    const row = this.db.prepare('SELECT * FROM models WHERE is_default = 1').get() as Row | undefined;
    return row ? modelFromRow(row) : undefined;
  }

  async listModels(query: PageQuery = {}): Promise<Page<Model>> {
    return this.page('models', modelFromRow, query);
  }

  async setDefaultModel(id: string): Promise<Model> {
    this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM models WHERE id = ?').get(id)) throw new NotFoundError('model', id);
      this.db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1').run();
      this.db.prepare('UPDATE models SET is_default = 1 WHERE id = ?').run(id);
    })();
    return (await this.getModel(id)) as Model;
  }

  async deleteModel(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db.prepare('DELETE FROM models WHERE id = ? RETURNING is_default').get(id) as
        Row | undefined;
      if (!row) return false;
      if (row.is_default === 1) {
        this.db
          .prepare(
            'UPDATE models SET is_default = 1 WHERE id = (SELECT id FROM models ORDER BY created_at DESC, id DESC LIMIT 1)',
          )
          .run();
      }
      return true;
    })();
  }

  async createKey(input: NewApiKey): Promise<ApiKey> {
    const key = apiKeySchema.parse({
      ...input,
      id: randomUUID(),
      createdAt: this.now(),
      lastUsedAt: null,
      revoked: false,
    });
    this.db
      .prepare(
        'INSERT INTO api_keys (id, name, role, hash, created_at, last_used_at, revoked) VALUES (?, ?, ?, ?, ?, NULL, 0)',
      )
      .run(key.id, key.name, key.role, key.hash, key.createdAt);
    return key;
  }

  async getKey(id: string): Promise<ApiKey | undefined> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as Row | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async findKeyByHash(hash: string): Promise<ApiKey | undefined> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked = 0').get(hash) as
      Row | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async listKeys(query: PageQuery = {}): Promise<Page<ApiKey>> {
    return this.page('api_keys', keyFromRow, query);
  }

  async revokeKey(id: string): Promise<ApiKey | undefined> {
    const row = this.db.prepare('UPDATE api_keys SET revoked = 1 WHERE id = ? RETURNING *').get(id) as
      Row | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async touchKey(id: string, at: Date = new Date()): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at.toISOString(), id);
  }

  async countActiveKeys(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM api_keys WHERE revoked = 0').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
