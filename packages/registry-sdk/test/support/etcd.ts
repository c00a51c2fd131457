/** Starts a real etcd server (the Debian `etcd-server` package's binary) on free loopback ports for tests. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why etcd cannot be started here (its binary is missing), or `undefined` when it can. Outside CI the caller
 * skips and this prints the reason; in CI (`CI` set) a missing etcd is an error, so the tests never vanish there.
 */
export function etcdUnavailable(): string | undefined {
  const bin = process.env.ETCD_BIN ?? 'etcd';
  const found = spawnSync('sh', ['-c', 'command -v "$0"', bin], { encoding: 'utf8' }).status === 0;
  if (found) return undefined;
  const reason = `no etcd binary (${bin}) on the PATH; apt-get install etcd-server or set ETCD_BIN`;
  if (process.env.CI) throw new Error(`the etcd tests cannot run in CI: ${reason}`);
  console.warn(`skipping the etcd store tests: ${reason}`);
  return reason;
}

/** A running etcd. */
export interface EtcdServer {
  /** Client URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** Kills etcd and removes its data folder. */
  stop(): Promise<void>;
}

/** Two distinct free loopback ports (both probes stay open until both are known, so they cannot coincide). */
async function freePorts(): Promise<[number, number]> {
  const servers = [createServer(), createServer()];
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            resolve(typeof address === 'object' && address ? address.port : 0);
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
  return [ports[0]!, ports[1]!];
}

async function waitHealthy(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd did not become healthy within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts etcd with its own data folder; `ETCD_BIN` overrides the binary (default `etcd` on the PATH). A start
 * that fails (a port taken between probing and binding) is retried on new ports.
 */
export async function startEtcd(attempts = 3): Promise<EtcdServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (err) {
      if (attempt >= attempts || (err as Error).message.startsWith('cannot start etcd')) throw err;
    }
  }
}

async function startOnce(): Promise<EtcdServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-etcd-'));
  const [clientPort, peerPort] = await freePorts();
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    process.env.ETCD_BIN ?? 'etcd',
    [
      '--name=default',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=default=${peer}`,
      '--log-level=error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) =>
      reject(new Error(`cannot start etcd (install the Debian package etcd-server): ${err.message}`)),
    );
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await spawned;
    await waitHealthy(url, child, () => output, 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}
