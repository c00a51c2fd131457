/** Starts what the examples need when no URL is given: a registry and reference servers on 127.0.0.1. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@compass/reference-server';
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
}

/** Starts a registry and `servers` reference servers, each registered with a 2 s TTL heartbeat. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'compass-example-'));
  const token = 'example-registry-token';
  const registry = await startRegistryServer({ port: 0, store: 'memory', auth: { writeTokens: [token] } });
  const regClient = new RegistryClient({ url: registry.url, token });
  const servers: StackServer[] = [];
  let apiKey: string | undefined;
  for (let i = 0; i < (options.servers ?? 1); i++) {
    // Each server trains with its own default trainer: the SDK's TrainingJob (a real model at the end).
    const server = await startServer({
      dataDir,
      port: 0,
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
      await regClient.close();
      await registry.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
