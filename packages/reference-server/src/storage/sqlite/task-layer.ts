/** SQLite layer for tasks, their logs and metrics, compare-and-set updates and crash recovery. */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../errors.js';
import { TASK_COLUMNS } from '../task-columns.js';
import { taskSchema, type Task, type TaskLogEntry, type TaskMetric } from '../records.js';
import {
  type NewTask,
  type Page,
  type RecoveryDecision,
  type TaskPatch,
  type TaskQuery,
} from '../storage.js';
import { INTERRUPTED_STATES, recoveryPatch } from '../recovery.js';
import { logFromRow, metricFromRow, taskFromRow, type Row } from './rows.js';
import { SqliteBase } from './sqlite-base.js';

/** Task methods of the SQLite store. */
export abstract class SqliteTaskLayer extends SqliteBase {
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
    const live = INTERRUPTED_STATES.map(() => '?').join(', ');
    const rows = this.db
      .prepare(`SELECT * FROM tasks WHERE state IN (${live})`)
      .all(...INTERRUPTED_STATES) as Row[];
    const changed: Task[] = [];
    for (const task of rows.map(taskFromRow)) {
      const updated = await this.updateTask(task.id, await recoveryPatch(task, this.now(), decide), [
        task.state,
      ]);
      if (updated) changed.push(updated);
    }
    return changed;
  }
}
