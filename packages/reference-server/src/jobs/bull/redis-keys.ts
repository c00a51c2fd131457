/** Redis names the BullMQ engine shares between servers and workers: channels, per-job keys, connection options. */
import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE_NAME = 'compass-jobs';

/** Key and channel names under one queue name, so several deployments can share a Redis. */
export function redisNames(queue: string) {
  const p = `compass:${queue}`;
  return {
    /** Pub/sub: every JobEvent workers report, for every server. */
    events: `${p}:events`,
    /** Pub/sub: pause/resume/stop requests, for every worker. */
    control: `${p}:control`,
    /** The last control request, read by a worker that picks the job up later (after a retry). */
    controlKey: (id: string) => `${p}:job:${id}:control`,
    /** JSON list of attempts. */
    attempts: (id: string) => `${p}:job:${id}:attempts`,
    /** Fencing token `worker#attempt` of the attempt allowed to run; a superseded attempt stops writing. */
    owner: (id: string) => `${p}:job:${id}:owner`,
    /** Set while the holder is parked in a pause. */
    paused: (id: string) => `${p}:job:${id}:paused`,
    /** A job stopped before it ran: BullMQ no longer holds it, so its final record lives here. */
    final: (id: string) => `${p}:job:${id}:final`,
    checkpoint: (key: string) => `${p}:checkpoint:${key}`,
  };
}

/** Names of one queue. */
export type RedisNames = ReturnType<typeof redisNames>;

/** ioredis options from a `redis://[user:pass@]host:port[/db]` URL; BullMQ needs `maxRetriesPerRequest: null`. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`not a redis URL: ${url}`);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** What a stopped attempt returns to BullMQ, so the job completes (no retry) and reads back as `stopped`. */
export const STOPPED_RESULT = { __compassStopped: true } as const;

/** True for {@link STOPPED_RESULT} as read back from Redis. */
export function isStoppedResult(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>).__compassStopped === true;
}

/** The same options typed for BullMQ, whose bundled RedisOptions type lags ioredis's own. */
export function bullConnection(url: string): ConnectionOptions {
  return redisOptions(url) as ConnectionOptions;
}
