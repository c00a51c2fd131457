/** Starts what the examples need when no URL is given: a registry and reference servers on 127.0.0.1. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InProcessJobQueue,
  QueueTaskRunner,
  startServer,
  type RunningServer,
} from '@compass/reference-server';
import { RegistryClient, startRegistryServer, type Registration } from '@compass/registry-sdk';
import { pino } from 'pino';

/** One started server, registered in the registry. */
export interface StackServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly registration: Registration;
  /** Whether {@link StackServer.kill} ran. */
  killed: boolean;
  /** Stops the server without deregistering it, as a crash would. */
  kill(): Promise<void>;
}

/** A local registry with `servers` COMPASS servers sharing one data directory (so one API key works on all). */
export interface LocalStack {
  readonly registryUrl: string;
  readonly apiKey: string;
  readonly servers: readonly StackServer[];
  readonly dataDir: string;
  close(): Promise<void>;
}

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  readonly servers?: number;
  /**
   * `stand-in` (default): the job queue's stand-in trainer (timed steps, checkpoints and metrics, no model), paced
   * by `training`; `sdk`: the server's own trainer (the SDK's TrainingJob, a real model at the end).
   */
  readonly trainer?: 'stand-in' | 'sdk';
  /** Stand-in trainer pace: steps per epoch and ms per step (default 10 x 60 ms). */
  readonly training?: { readonly stepsPerEpoch?: number; readonly stepMs?: number };
}

/** Starts a registry and `servers` reference servers, each registered with a 2 s TTL heartbeat. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'compass-example-'));
  const token = 'example-registry-token';
  const registry = await startRegistryServer({ port: 0, store: 'memory', auth: { writeTokens: [token] } });
  const regClient = new RegistryClient({ url: registry.url, token });
  const servers: StackServer[] = [];
  const queues: InProcessJobQueue[] = [];
  let apiKey: string | undefined;
  for (let i = 0; i < (options.servers ?? 1); i++) {
    let runner: QueueTaskRunner | undefined;
    if (options.trainer !== 'sdk') {
      const queue = new InProcessJobQueue({ dataDir, threads: 1 });
      queues.push(queue);
      runner = new QueueTaskRunner(queue, {
        jobData: (task) => ({
          taskId: task.id,
          epochs: task.config.epochs,
          stepsPerEpoch: options.training?.stepsPerEpoch ?? 10,
          stepMs: options.training?.stepMs ?? 60,
        }),
      });
    }
    const server = await startServer({
      dataDir,
      port: 0,
      ...(runner ? { runner } : {}),
      logger: pino({ level: 'silent' }),
    });
    apiKey ??= server.firstAdminToken ?? undefined;
    const registration = regClient.register({
      service: 'compass',
      id: `compass-${i + 1}`,
      address: '127.0.0.1',
      port: server.port,
      url: server.url,
      check: { type: 'ttl', ttlMs: 2_000 },
    });
    await registration.whenRegistered();
    const entry: StackServer = {
      url: server.url,
      server,
      registration,
      killed: false,
      async kill() {
        entry.killed = true;
        // A crash: heartbeats stop without a deregistration, so the registry only notices when the TTL runs out.
        await registration.close({ deregister: false });
        await server.close();
      },
    };
    servers.push(entry);
  }
  return {
    registryUrl: registry.url,
    apiKey: apiKey!,
    servers,
    dataDir,
    async close() {
      for (const s of servers) {
        await s.registration.close().catch(() => undefined);
        if (!s.killed) await s.server.close();
      }
      for (const q of queues) await q.close();
      await regClient.close();
      await registry.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
