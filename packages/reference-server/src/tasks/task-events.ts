/** Server-Sent Events of one task: state, progress, metrics and log lines, replayable from a log cursor, then `end`. */
import { type Request, type Response } from 'express';
import { type Task, type TaskMetric } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';
import { TERMINAL_STATES } from './state-machine.js';
import { type TaskService } from './task-service.js';

/** Options of {@link streamTaskEvents}. */
export interface TaskEventStreamOptions {
  /** How often the store is read when nothing woke the stream (changes made by other servers; default 1 s). */
  readonly pollMs?: number;
  /** Interval of `: keep-alive` comments (default 15 s). */
  readonly keepAliveMs?: number;
  /** Ends the stream (without `end`) once the server drains, so clients reconnect elsewhere. */
  readonly isDraining?: () => boolean;
}

/**
 * Streams a task's events until it reaches a final state (`end` event) or the client leaves. Every event's `id:` is
 * the cursor of the newest log line sent so far, so a client that reconnects with `Last-Event-ID` (or `?cursor=`)
 * gets only the log lines it missed, plus the current state, progress and metrics. Events: `state` (the task),
 * `progress` ({progress}), `metrics` (one epoch), `log` (one line), `end` ({state, error, modelId}).
 */
export async function streamTaskEvents(
  task: Task,
  cursor: number,
  deps: { readonly storage: Storage; readonly tasks: TaskService },
  req: Request,
  res: Response,
  options: TaskEventStreamOptions = {},
): Promise<void> {
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  let last = cursor;
  let lastState = '';
  let lastProgress = -1;
  const sentEpochs = new Map<number, string>();
  let closed = false;
  const send = (event: string, data: unknown) => {
    if (!closed) res.write(`id: ${last}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  res.write('retry: 2000\n\n');

  let pumping: Promise<void> | undefined;
  let again = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    clearInterval(keepAlive);
    deps.tasks.changes.off('change', onChange);
    res.end();
  };
  const pumpOnce = async (): Promise<void> => {
    if (closed) return;
    if (options.isDraining?.()) return finish();
    for (;;) {
      const lines = await deps.storage.readTaskLogs(task.id, last, 500);
      for (const line of lines) {
        last = line.cursor;
        send('log', line);
      }
      if (lines.length < 500) break;
    }
    const metrics: TaskMetric[] = await deps.storage.listTaskMetrics(task.id);
    for (const m of metrics) {
      const key = JSON.stringify(m.values);
      if (sentEpochs.get(m.epoch) !== key) {
        sentEpochs.set(m.epoch, key);
        send('metrics', m);
      }
    }
    const current = await deps.storage.getTask(task.id);
    if (!current) {
      send('end', { state: 'deleted', error: null, modelId: null });
      return finish();
    }
    if (current.state !== lastState) {
      lastState = current.state;
      send('state', current);
    }
    if (current.progress !== lastProgress) {
      lastProgress = current.progress;
      send('progress', { progress: current.progress });
    }
    if (TERMINAL_STATES.includes(current.state)) {
      send('end', { state: current.state, error: current.error, modelId: current.modelId });
      finish();
    }
  };
  // One pump at a time; a wake-up during a pump runs one more afterwards.
  const pump = () => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = pumpOnce()
      .catch(() => finish())
      .finally(() => {
        pumping = undefined;
        if (again && !closed) {
          again = false;
          pump();
        }
      });
  };
  const onChange = (id: string) => {
    if (id === task.id) pump();
  };
  deps.tasks.changes.on('change', onChange);
  const poll = setInterval(pump, options.pollMs ?? 1000);
  const keepAlive = setInterval(
    () => !closed && res.write(': keep-alive\n\n'),
    options.keepAliveMs ?? 15_000,
  );
  req.on('close', finish);
  pump();
}
