/** PostgreSQL layer for tasks, their logs and metrics: state changes under `SELECT ... FOR UPDATE`, crash recovery. */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../errors.js';
import { TASK_COLUMNS } from '../task-columns.js';
import { taskSchema, type Task, type TaskLogEntry, type TaskMetric } from '../records.js';
import { INTERRUPTED_STATES, recoveryPatch } from '../recovery.js';
import {
  type NewTask,
  type Page,
  type RecoveryDecision,
  type TaskPatch,
  type TaskQuery,
} from '../storage.js';
import type { PoolClient } from 'pg';
import { PgBase } from './pg-base.js';
import { metricFromRow, pgLogFromRow, taskFromRow } from './rows.js';

/** Task methods of the PostgreSQL store. */
export abstract class PgTaskLayer extends PgBase {
  /**
   * Liveness of task owners across servers: while this store is open, one dedicated session holds a session-level
   * advisory lock per owner that claimed a task through it. Recovery skips tasks whose owner's lock is held by any
   * session, so a server starting next to live ones never fails their running tasks; a crashed server's session
   * ends, its locks vanish, and its tasks become recoverable.
   */
  protected liveness: PoolClient | undefined;
  private readonly heldOwners = new Set<string>();

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
    await this.rows(
      `INSERT INTO tasks (id, name, mode, config, state, progress, dataset_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $7)`,
      [
        task.id,
        task.name,
        task.mode,
        JSON.stringify(task.config),
        task.state,
        task.config.datasetId ?? null,
        at,
      ],
    );
    return task;
  }

  async getTask(id: string): Promise<Task | undefined> {
    const [row] = await this.rows('SELECT * FROM tasks WHERE id = $1', [id]);
    return row ? taskFromRow(row) : undefined;
  }

  async listTasks(query: TaskQuery = {}): Promise<Page<Task>> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.state?.length) {
      args.push([...query.state]);
      where.push(`state = ANY($${args.length})`);
    }
    if (query.mode) {
      args.push(query.mode);
      where.push(`mode = $${args.length}`);
    }
    if (query.datasetId) {
      args.push(query.datasetId);
      where.push(`dataset_id = $${args.length}`);
    }
    return this.page('tasks', taskFromRow, query, where, args);
  }

  /**
   * Compare-and-set on the state: the row is locked (`FOR UPDATE`) while the state is checked and the patch
   * written, so two servers racing on one transition cannot both win.
   */
  async updateTask(
    id: string,
    patch: TaskPatch,
    ifState?: readonly Task['state'][],
  ): Promise<Task | undefined> {
    taskSchema.partial().parse(patch);
    const fields = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof TaskPatch, unknown][];
    return this.tx(async (c) => {
      const [current] = await this.rows('SELECT state FROM tasks WHERE id = $1 FOR UPDATE', [id], c);
      if (!current || (ifState && !ifState.includes(current.state as Task['state']))) return undefined;
      const args: unknown[] = [...fields.map(([, v]) => v), this.now(), id];
      const sets = [
        ...fields.map(([k], i) => `${TASK_COLUMNS[k]} = $${i + 1}`),
        `updated_at = $${fields.length + 1}`,
      ];
      const [row] = await this.rows(
        `UPDATE tasks SET ${sets.join(', ')} WHERE id = $${fields.length + 2} RETURNING *`,
        args,
        c,
      );
      return row ? taskFromRow(row) : undefined;
    });
  }

  async claimTask(id: string, owner: string): Promise<Task | undefined> {
    // One UPDATE takes the row lock itself; READ COMMITTED re-checks the WHERE after waiting, so one claim wins.
    const [row] = await this.rows(
      `UPDATE tasks SET owner = $1, updated_at = $2
       WHERE id = $3 AND state = 'queued' AND (owner IS NULL OR owner = $1) RETURNING *`,
      [owner, this.now(), id],
    );
    if (row) await this.holdOwner(owner);
    return row ? taskFromRow(row) : undefined;
  }

  private async holdOwner(owner: string): Promise<void> {
    if (this.heldOwners.has(owner)) return;
    this.heldOwners.add(owner);
    this.liveness ??= await this.pool.connect();
    await this.liveness.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [owner]);
  }

  /** Whether a live session (another server, or this store's liveness session) holds `owner`'s lock. */
  private async ownerAlive(owner: string | null): Promise<boolean> {
    if (owner === null) return false;
    if (this.heldOwners.has(owner)) return true;
    return this.tx(async (c) => {
      const [row] = await this.rows(
        'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS free',
        [owner],
        c,
      );
      return row?.free !== true;
    });
  }

  async deleteTask(id: string): Promise<boolean> {
    return (await this.rows('DELETE FROM tasks WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async appendTaskLogs(
    taskId: string,
    lines: readonly Pick<TaskLogEntry, 'level' | 'message'>[],
  ): Promise<TaskLogEntry[]> {
    return this.tx(async (c) => {
      // Locking the task serialises appends per task, so cursors commit in the order they were drawn and a reader
      // following `cursor > n` never skips a line that commits late.
      if ((await this.rows('SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE', [taskId], c)).length === 0)
        throw new NotFoundError('task', taskId);
      const at = this.now();
      const out: TaskLogEntry[] = [];
      for (const l of lines) {
        const [row] = await this.rows(
          'INSERT INTO task_logs (task_id, at, level, message) VALUES ($1, $2, $3, $4) RETURNING *',
          [taskId, at, l.level, l.message],
          c,
        );
        out.push(pgLogFromRow(row!));
      }
      return out;
    });
  }

  async readTaskLogs(taskId: string, afterCursor = 0, limit = 200): Promise<TaskLogEntry[]> {
    const rows = await this.rows(
      'SELECT * FROM task_logs WHERE task_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3',
      [taskId, afterCursor, Math.min(1000, Math.max(1, limit))],
    );
    return rows.map(pgLogFromRow);
  }

  async recordTaskMetric(taskId: string, epoch: number, values: Record<string, number>): Promise<TaskMetric> {
    const [row] = await this.rows(
      `INSERT INTO task_metrics (task_id, epoch, at, "values") SELECT id, $2, $3, $4 FROM tasks WHERE id = $1
       ON CONFLICT (task_id, epoch) DO UPDATE SET at = excluded.at, "values" = excluded."values" RETURNING *`,
      [taskId, epoch, this.now(), JSON.stringify(values)],
    );
    if (!row) throw new NotFoundError('task', taskId);
    return metricFromRow(row);
  }

  async listTaskMetrics(taskId: string): Promise<TaskMetric[]> {
    const rows = await this.rows('SELECT * FROM task_metrics WHERE task_id = $1 ORDER BY epoch', [taskId]);
    return rows.map(metricFromRow);
  }

  async recoverInterruptedTasks(decide?: RecoveryDecision): Promise<Task[]> {
    const rows = await this.rows('SELECT * FROM tasks WHERE state = ANY($1)', [[...INTERRUPTED_STATES]]);
    const changed: Task[] = [];
    for (const task of rows.map(taskFromRow)) {
      if (await this.ownerAlive(task.owner)) continue;
      // Compare-and-set on the state seen, so a task another live server just moved on is left alone.
      const patch = await recoveryPatch(task, this.now(), decide);
      const updated = await this.updateTask(task.id, patch, [task.state]);
      if (updated) changed.push(updated);
    }
    return changed;
  }
}
