/** The v0 WebSocket `GET /api/v1/training/tasks/{id}/stream`, fed from the task's stored log like our SSE stream. */
import { type IncomingMessage, type Server } from 'node:http';
import { type Duplex } from 'node:stream';
import { type Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { naiveIso } from '@compass/registry-sdk';
import { type Storage } from '../storage/storage.js';
import { TERMINAL_STATES } from '../tasks/state-machine.js';
import { type TaskService } from '../tasks/task-service.js';
import { type V0Resources } from './resources.js';

/** Timings of the stream (the v0 defaults; tests shorten them). */
export interface V0StreamTimings {
  /** How long to wait for a pending task to start before giving up with 1008 (default 10 s). */
  readonly waitMs?: number;
  /** How often the store is read when nothing woke the stream (default 1 s). */
  readonly pollMs?: number;
  /** Interval of `resources` messages while the task runs (default 2 s). */
  readonly resourcesMs?: number;
  /** Interval of server `ping` messages (default 30 s). */
  readonly pingMs?: number;
  /** The connection is closed after this long without a message from the client (default 60 s). */
  readonly idleMs?: number;
}

/** What the stream reads and who may open it. */
export interface V0StreamDeps {
  readonly storage: Storage;
  readonly tasks: TaskService;
  readonly logger: Logger;
  readonly sample: () => Promise<V0Resources>;
  /** Whether the upgrade request may connect (address allow-list or key). */
  readonly allowed: (req: IncomingMessage) => Promise<boolean>;
}

/** Close codes the stream uses. */
export const V0_CLOSE = { normal: 1000, policy: 1008 } as const;

const PATH = /^\/api\/v1\/training\/tasks\/([^/]+)\/stream$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves the stream on `server`'s upgrade requests. Messages: `connected` (twice: waiting, then ready), `log` (each
 * stored log line with a CRLF, replayed from `?cursor=` or the start, so reconnecting watchers see the whole log),
 * `resources` every 2 s while running, `ping` every 30 s, `pong` to a client ping, `error` then close 1008 for an
 * unknown, deleted or never-started task; a non-UUID id closes 1008 at once; a finished task closes 1000 after its
 * last line. Returns a function that closes every connection.
 */
export function attachV0TaskStream(
  server: Server,
  deps: V0StreamDeps,
  timings: V0StreamTimings = {},
): () => void {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://v0');
    const match = PATH.exec(url.pathname);
    if (!match) return refuse(socket, '404 Not Found');
    deps.allowed(req).then(
      (ok) => {
        if (!ok) return refuse(socket, '403 Forbidden');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const cursor = Number(url.searchParams.get('cursor') ?? 0);
          const id = decodeURIComponent(match[1]!);
          serveConnection(ws, id, Number.isInteger(cursor) ? cursor : 0, deps, timings).catch(
            (err: unknown) => {
              deps.logger.warn({ err, task: id }, 'v0 task stream failed');
              ws.close(1011, 'internal error');
            },
          );
        });
      },
      () => refuse(socket, '500 Internal Server Error'),
    );
  });
  return () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}

async function serveConnection(
  ws: WebSocket,
  id: string,
  cursor: number,
  deps: V0StreamDeps,
  t: V0StreamTimings,
): Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const listeners: Array<() => void> = [];
  const cleanup = () => {
    closed = true;
    for (const timer of timers) clearInterval(timer);
    for (const off of listeners) off();
  };
  ws.on('close', cleanup);
  ws.on('error', cleanup);
  const send = (type: string, data: unknown, timestamp: string | null = null) => {
    if (!closed && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type, data, timestamp }));
  };
  const close = (code: number, reason: string) => {
    if (closed) return;
    cleanup();
    ws.close(code, reason);
  };

  // Client messages: any of them keeps the connection alive.
  let lastHeard = Date.now();
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    lastHeard = Date.now();
    const text = isBinary ? '' : raw.toString();
    if (text === 'ping') return void ws.send('pong');
    let message: { type?: unknown } | undefined;
    try {
      message = JSON.parse(text) as { type?: unknown };
    } catch {
      return;
    }
    if (message?.type === 'ping') send('pong', 'pong');
    else if (message?.type === 'command')
      deps.logger.info({ task: id, command: message }, 'v0 stream command (ignored)');
  });
  const idleMs = t.idleMs ?? 60_000;
  timers.push(
    setInterval(
      () => Date.now() - lastHeard > idleMs && close(V0_CLOSE.normal, 'no message from the client'),
      Math.min(idleMs, 1000),
    ),
  );
  timers.push(setInterval(() => send('ping', 'ping'), t.pingMs ?? 30_000));

  if (!UUID.test(id)) return close(V0_CLOSE.policy, 'invalid task id');
  let task = await deps.storage.getTask(id);
  if (!task) {
    send('error', `Task ${id} not found`);
    return close(V0_CLOSE.policy, 'task not found');
  }
  send('connected', `Waiting for stream to be created for task ${id}...`);

  // Wake on every change this server writes, and poll for changes made by other servers.
  let wake: () => void = () => undefined;
  const onChange = (changed: string) => changed === id && wake();
  deps.tasks.changes.on('change', onChange);
  listeners.push(() => deps.tasks.changes.off('change', onChange));
  const nextChange = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const pollMs = t.pollMs ?? 1000;

  const waitUntil = Date.now() + (t.waitMs ?? 10_000);
  while (task?.state === 'pending' && Date.now() < waitUntil && !closed) {
    await nextChange(Math.min(pollMs, Math.max(1, waitUntil - Date.now())));
    task = await deps.storage.getTask(id);
  }
  if (closed) return;
  if (!task) {
    send('error', `Task ${id} not found`);
    return close(V0_CLOSE.policy, 'task deleted');
  }
  if (task.state === 'pending') {
    send('error', `Stream for task ${id} was not created within ${(t.waitMs ?? 10_000) / 1000} s`);
    send('error', `Task ${id} has not been started; start it, then connect again`);
    return close(V0_CLOSE.policy, 'task not started');
  }
  send('connected', `Connected to task ${id} stream. Stream is ready.`);

  let running = task.state === 'running';
  timers.push(
    setInterval(() => {
      if (running)
        void deps.sample().then(
          (r) => send('resources', r, naiveIso(Date.now())),
          () => undefined,
        );
    }, t.resourcesMs ?? 2000),
  );
  while (!closed) {
    for (;;) {
      const lines = await deps.storage.readTaskLogs(id, cursor, 500);
      for (const line of lines) {
        cursor = line.cursor;
        send('log', `${line.message}\r\n`, naiveIso(Date.parse(line.at)));
      }
      if (lines.length < 500) break;
    }
    const current = await deps.storage.getTask(id);
    if (!current) {
      send('error', `Task ${id} not found`);
      return close(V0_CLOSE.policy, 'task deleted');
    }
    running = current.state === 'running';
    if (TERMINAL_STATES.includes(current.state)) return close(V0_CLOSE.normal, `task ${current.state}`);
    await nextChange(pollMs);
  }
}
