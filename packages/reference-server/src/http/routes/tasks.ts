/** `/api/v1/tasks`: create, list, get, delete, logs, metrics, and the start/pause/resume/stop actions. */
import { z } from 'zod';
import {
  taskLogEntrySchema,
  taskMetricSchema,
  taskModeSchema,
  taskSchema,
  taskStateSchema,
} from '../../storage/records.js';
import { createTaskBodySchema } from '../../tasks/modes.js';
import { type TaskService } from '../../tasks/task-service.js';
import { streamTaskEvents } from '../../tasks/task-events.js';
import { pageQuerySchema, pageSchema } from '../pagination.js';
import { defineRoute, type RouteSpec } from '../route.js';

/** Filters of `GET /api/v1/tasks` (`state` may be a comma-separated list). */
export const taskListQuerySchema = pageQuerySchema.extend({
  state: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(taskStateSchema))
    .optional(),
  mode: taskModeSchema.optional(),
  datasetId: z.string().max(128).optional(),
});

/** `?after=&limit=` of the log route. */
export const taskLogQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const action = (name: 'start' | 'pause' | 'resume' | 'stop', summary: string) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/tasks/:id/${name}`,
    role: 'train',
    rateClass: 'train',
    summary,
    response: taskSchema,
    status: 202,
    handler: async ({ params }, ctx, _req, res) => {
      const run = ctx.tasks[name].bind(ctx.tasks) as TaskService['start'];
      res.status(202).json(await run(params.id as string));
    },
  });

/** The task routes. */
export const taskRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/tasks',
    role: 'train',
    rateClass: 'write',
    summary: "Create a training task; fields not given keep the mode's preset",
    body: createTaskBodySchema,
    response: taskSchema,
    status: 201,
    handler: async ({ body }, ctx, _req, res) => {
      res.status(201).json(await ctx.tasks.create(body));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tasks',
    role: 'read',
    rateClass: 'read',
    summary: 'List tasks, newest first, filtered by state, mode or dataset',
    query: taskListQuerySchema,
    response: pageSchema(taskSchema),
    handler: async ({ query }, ctx, _req, res) => {
      res.json(await ctx.storage.listTasks(query));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tasks/:id',
    role: 'read',
    rateClass: 'read',
    summary: 'Get a task',
    response: taskSchema,
    handler: async ({ params }, ctx, _req, res) => {
      res.json(await ctx.tasks.get(params.id as string));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tasks/:id',
    role: 'train',
    rateClass: 'write',
    summary: 'Delete a task that is not queued, running or cancelling',
    status: 204,
    handler: async ({ params }, ctx, _req, res) => {
      await ctx.tasks.delete(params.id as string);
      res.status(204).end();
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tasks/:id/logs',
    role: 'read',
    rateClass: 'read',
    summary: 'Read log lines after a cursor; pass nextCursor back to continue',
    query: taskLogQuerySchema,
    response: z.object({ items: z.array(taskLogEntrySchema), nextCursor: z.int() }),
    handler: async ({ params, query }, ctx, _req, res) => {
      const id = params.id as string;
      await ctx.tasks.get(id);
      const items = await ctx.storage.readTaskLogs(id, query.after ?? 0, query.limit ?? 200);
      res.json({ items, nextCursor: items[items.length - 1]?.cursor ?? query.after ?? 0 });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tasks/:id/events',
    role: 'read',
    rateClass: 'read',
    summary:
      'Server-Sent Events: state, progress, metrics, log, then end; replay log lines after Last-Event-ID or ?cursor= ' +
      '(one request for rate limiting however long it stays open)',
    query: z.object({ cursor: z.coerce.number().int().min(0).optional() }),
    handler: async ({ params, query }, ctx, req, res) => {
      const task = await ctx.tasks.get(params.id as string);
      const header = Number(req.get('last-event-id'));
      const cursor = Number.isInteger(header) && header >= 0 ? header : (query.cursor ?? 0);
      await streamTaskEvents(task, cursor, ctx, req, res, { isDraining: ctx.isDraining });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tasks/:id/metrics',
    role: 'read',
    rateClass: 'read',
    summary: 'Metrics history, one entry per epoch',
    response: z.object({ items: z.array(taskMetricSchema) }),
    handler: async ({ params }, ctx, _req, res) => {
      const id = params.id as string;
      await ctx.tasks.get(id);
      res.json({ items: await ctx.storage.listTaskMetrics(id) });
    },
  }),
  action('start', 'Start a pending task (503 TRAINER_UNAVAILABLE until a trainer is installed)'),
  action('pause', 'Pause a running task at its next checkpoint'),
  action('resume', 'Resume a paused task'),
  action('stop', 'Stop a task; idempotent from pending, queued, running, paused, cancelling and cancelled'),
];
