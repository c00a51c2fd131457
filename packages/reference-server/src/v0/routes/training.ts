/** v0 `/api/v1/training/tasks*`: create, list, get, start (resumes a paused task), pause, stop, delete, logs, metrics. */
import { z } from 'zod';
import { naiveIso } from '@compass/registry-sdk';
import { type Task } from '../../storage/records.js';
import { httpError, serviceError } from '../errors.js';
import { type V0Context, type V0RouteSpec } from '../route.js';
import { v0ProgressSchema, v0TaskActionSchema, v0TaskSchema } from '../schemas.js';
import { toV0Task, V0_TASK_STATUS } from '../task-shape.js';
import { taskBodyFromV0, v0CreateTaskSchema } from '../training-config.js';
import { allPages } from '../all-pages.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE = '/api/v1/training/tasks';

/** The task with its metrics as v0 shows it. */
async function v0TaskOf(ctx: V0Context, task: Task) {
  return toV0Task(task, await ctx.storage.listTaskMetrics(task.id));
}

/** The stored task, or `undefined`. */
const find = (ctx: V0Context, id: string) =>
  UUID.test(id) ? ctx.storage.getTask(id) : Promise.resolve(undefined);

/** `[YYYY-mm-dd HH:MM:SS] message`, in UTC. */
function logLine(at: string, message: string): string {
  return `[${naiveIso(Date.parse(at)).slice(0, 19).replace('T', ' ')}] ${message}`;
}

const action = (id: string, verb: string) => ({ message: `Task ${id} ${verb}`, task_id: id });

/** The v0 training routes. */
export const v0TrainingRoutes: V0RouteSpec[] = [
  {
    method: 'post',
    path: BASE,
    summary:
      'Create a training task (pending); config keys mapped onto ours, unsupported keys are a 422, an unknown ' +
      'dataset_id a 404 ERR_3002',
    status: 201,
    body: v0CreateTaskSchema,
    response: v0TaskSchema,
    handler: async (ctx, req, res) => {
      const body = taskBodyFromV0(req.body ?? {});
      const datasetId = body.config.datasetId;
      if (datasetId && !(await ctx.storage.getDataset(datasetId))) {
        throw serviceError('ERR_3002', `Dataset ${datasetId} not found`, { dataset_id: datasetId });
      }
      const task = await ctx.tasks.create(body);
      res.status(201).json(await v0TaskOf(ctx, task));
    },
  },
  {
    method: 'get',
    path: BASE,
    summary: 'List every task',
    status: 200,
    response: z.object({ tasks: z.array(v0TaskSchema), count: z.int() }),
    handler: async (ctx, _req, res) => {
      const tasks = await allPages((q) => ctx.storage.listTasks(q));
      const out = await Promise.all(tasks.map((t) => v0TaskOf(ctx, t)));
      res.json({ tasks: out, count: out.length });
    },
  },
  {
    method: 'get',
    path: `${BASE}/:id`,
    summary: 'Get a task (400 ERR_2000 for a non-UUID id, 404 ERR_3004 when unknown)',
    status: 200,
    response: v0TaskSchema,
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      if (!UUID.test(id)) throw serviceError('ERR_2000', `Invalid task ID format: ${id}`, { task_id: id });
      res.json(await v0TaskOf(ctx, await ctx.tasks.get(id)));
    },
  },
  {
    method: 'post',
    path: `${BASE}/:id/start`,
    summary: 'Start a pending task, or resume a paused one (400 otherwise)',
    status: 200,
    response: v0TaskActionSchema,
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      const task = await find(ctx, id);
      if (!task)
        throw serviceError('ERR_2001', `Failed to start task ${id}: task not found`, { task_id: id });
      if (task.state === 'pending') await ctx.tasks.start(id);
      else if (task.state === 'paused') await ctx.tasks.resume(id);
      else
        throw serviceError('ERR_2001', `Failed to start task ${id}: it is ${V0_TASK_STATUS[task.state]}`, {
          task_id: id,
          status: V0_TASK_STATUS[task.state],
        });
      res.json(action(id, 'started'));
    },
  },
  {
    method: 'post',
    path: `${BASE}/:id/pause`,
    summary: 'Pause a running task (400 otherwise)',
    status: 200,
    response: v0TaskActionSchema,
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      const task = await find(ctx, id);
      if (task?.state !== 'running') throw httpError(400, `Failed to pause task ${id}`);
      await ctx.tasks.pause(id);
      res.json(action(id, 'paused'));
    },
  },
  {
    method: 'post',
    path: `${BASE}/:id/stop`,
    summary: 'Stop a running or initializing task: it is cancelling, then cancelled',
    status: 200,
    response: v0TaskActionSchema,
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      const task = await find(ctx, id);
      if (!task) throw httpError(404, `Task ${id} not found`);
      if (task.state !== 'running' && task.state !== 'queued') {
        throw httpError(
          400,
          `Task is in '${V0_TASK_STATUS[task.state]}' status. Only running or initializing tasks can be stopped.`,
        );
      }
      await ctx.tasks.stop(id);
      res.json(action(id, 'stopped'));
    },
  },
  {
    method: 'delete',
    path: `${BASE}/:id`,
    summary: 'Delete a task (stopping it first); 200 with a JSON body',
    status: 200,
    response: v0TaskActionSchema,
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      if (!(await find(ctx, id))) throw httpError(404, `Task ${id} not found`);
      await ctx.tasks.delete(id);
      res.json(action(id, 'deleted'));
    },
  },
  {
    method: 'get',
    path: `${BASE}/:id/logs`,
    summary: 'The last `limit` log lines (1..1000, default 100) as "[YYYY-mm-dd HH:MM:SS] message"',
    status: 200,
    query: z.object({ limit: z.int().min(1).max(1000).optional() }),
    response: z.object({ logs: z.array(z.string()), total_lines: z.int() }),
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      const raw = req.query.limit;
      const limit = raw === undefined ? 100 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw httpError(400, 'limit must be an integer from 1 to 1000');
      }
      if (!(await find(ctx, id))) throw httpError(404, `Task ${id} not found`);
      const lines: string[] = [];
      let after = 0;
      for (;;) {
        const page = await ctx.storage.readTaskLogs(id, after, 1000);
        for (const l of page) lines.push(logLine(l.at, l.message));
        if (page.length < 1000) break;
        after = page[page.length - 1]!.cursor;
      }
      res.json({ logs: lines.slice(-limit), total_lines: lines.length });
    },
  },
  {
    method: 'get',
    path: `${BASE}/:id/metrics`,
    summary: 'The progress dict of a task',
    status: 200,
    response: z.object({ metrics: v0ProgressSchema, timestamp: z.string() }),
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      const task = await find(ctx, id);
      if (!task) throw httpError(404, `Task ${id} not found`);
      res.json({ metrics: (await v0TaskOf(ctx, task)).progress, timestamp: naiveIso(Date.now()) });
    },
  },
];
