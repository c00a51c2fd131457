/** The console's test (and screenshot) environment: a real registry, real servers registered with TTL heartbeats, and headless Chromium. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { sharedDataDir } from '../../../../support/shared-data.js';
import { type Registration, startRegistryServer, type RunningRegistryServer } from '@compass/registry-sdk';
import { type RunningServer, startServer } from '../../src/server.js';
import { type TaskRunner } from '../../src/tasks/runner.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The reference-server package folder. */
export const PACKAGE_DIR = resolve(here, '../..');
/** Where the console is built. */
export const CONSOLE_DIST = join(PACKAGE_DIR, 'dist', 'console');

/** The browser binary: `$CHROMIUM_PATH` or Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the console (vite) so the server serves the current source. */
export function buildConsole(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'console/vite.config.ts', '--logLevel', 'error'], {
    cwd: PACKAGE_DIR,
    stdio: 'inherit',
  });
  if (!existsSync(join(CONSOLE_DIST, 'index.html')))
    throw new Error('the console build produced no index.html');
}

/** Starts headless Chromium (no sandbox: CI runs as root). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** One COMPASS server and its registry entry. */
export interface ConsoleInstance {
  readonly server: RunningServer;
  readonly registration: Registration;
  /** Stops the server and its heartbeats without deregistering, as a crash would. */
  kill(): Promise<void>;
}

/** The environment the console tests and screenshots run in. */
export interface ConsoleEnv {
  readonly registry: RunningRegistryServer;
  readonly main: ConsoleInstance;
  readonly admin: string;
  /** Starts another registered server (its own data dir). */
  addInstance(): Promise<ConsoleInstance>;
  close(): Promise<void>;
}

/** Options of {@link startConsoleEnv}. */
export interface ConsoleEnvOptions {
  /** Root for the servers' data folders. */
  readonly dataRoot: string;
  /** TTL of the registrations (default 1500 ms: a killed server turns critical within about 2 s). */
  readonly ttlMs?: number;
  /** The main server's trainer (default: the server's own, the SDK TrainingJob); the screenshots pass a paced stand-in. */
  readonly runner?: TaskRunner & { close?(): void };
}

/** Starts a registry and one COMPASS server registered in it; the server's console routes read the registry. */
export async function startConsoleEnv(options: ConsoleEnvOptions): Promise<ConsoleEnv> {
  const token = 'console-test-token';
  const registry = await startRegistryServer({ store: 'memory', port: 0, auth: { writeTokens: [token] } });
  const runner = options.runner;
  const ttlMs = options.ttlMs ?? 1_500;
  const instances: ConsoleInstance[] = [];
  let n = 0;
  const addInstance = async (withRunner = false): Promise<ConsoleInstance> => {
    n += 1;
    // The server registers itself (TTL heartbeats, version and model ids in the metadata), as `npm start` does.
    const server = await startServer({
      dataDir: join(options.dataRoot, `server-${n}`),
      port: 0,
      logger: pino({ level: 'silent' }),
      registry: { url: registry.url, token, ttlMs, advertiseAddress: '127.0.0.1' },
      ...(withRunner && runner ? { runner } : {}),
    });
    const registration = server.registration as Registration;
    await registration.whenRegistered();
    let killed = false;
    const instance: ConsoleInstance = {
      server,
      registration,
      kill: async () => {
        if (killed) return;
        killed = true;
        // Heartbeats stop without a deregistration, as when the process dies; the TTL then marks it critical.
        await registration.close({ deregister: false });
        await server.close();
      },
    };
    instances.push(instance);
    return instance;
  };
  const main = await addInstance(true);
  return {
    registry,
    main,
    admin: main.server.firstAdminToken ?? '',
    addInstance: () => addInstance(false),
    close: async () => {
      runner?.close?.();
      for (const i of instances.reverse()) await i.kill().catch(() => undefined);
      await registry.close();
    },
  };
}

/** A one-complex manifest dataset (a four-atom "protein" and a two-atom ligand) that the sdk's import accepts. */
export function writeTinyDataset(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const atom = (n: number, name: string, res: string, x: number, el: string) =>
    `ATOM  ${String(n).padStart(5)} ${name.padEnd(4)} ${res} A${String(n).padStart(4)}    ${x.toFixed(3).padStart(8)}${'0.000'.padStart(8)}${'0.000'.padStart(8)}  1.00  0.00          ${el.padStart(2)}`;
  writeFileSync(
    join(dir, 'p1.pdb'),
    [
      atom(1, 'CA', 'ALA', 0, 'C'),
      atom(2, 'N', 'GLY', 1.5, 'N'),
      atom(3, 'O', 'SER', 3, 'O'),
      atom(4, 'CB', 'ALA', 4.5, 'C'),
      'END',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'l1.sdf'),
    [
      'l1',
      '  console-test',
      '',
      '  2  1  0  0  0  0  0  0  0  0999 V2000',
      '    1.0000    2.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
      '    2.5000    2.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0',
      '  1  2  1  0',
      'M  END',
      '$$$$',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'manifest.csv'), 'protein,ligand,pK\np1.pdb,l1.sdf,6.1\n');
}

/**
 * A real two-complex manifest dataset from the shared FLASH-DOCK docking results (receptor i with its ligand-1 pose,
 * made-up labels), as the examples' tiny dataset archive: small enough that a smoke_test epoch takes well under a second.
 */
export function writeSharedTinyDataset(dir: string, pairs = 2): void {
  mkdirSync(dir, { recursive: true });
  const src = join(sharedDataDir(), 'flashdock-examples', 'Batch_Docking_Result');
  const rows = ['protein,ligand,label'];
  for (let i = 1; i <= pairs; i++) {
    const protein = join(src, `receptor${i}.pdb`);
    const ligand = join(src, `receptor${i}_ligand1_docked.sdf`);
    for (const file of [protein, ligand]) copyFileSync(file, join(dir, basename(file)));
    rows.push(`${basename(protein)},${basename(ligand)},${(5 + i / 2).toFixed(1)}`);
  }
  writeFileSync(join(dir, 'manifest.csv'), rows.join('\n') + '\n');
}

/** Starts a server outside the environment's registry: none at all, or one at `registryUrl` (e.g. unreachable). */
export function startLoneServer(dataDir: string, registryUrl?: string): Promise<RunningServer> {
  return startServer({
    dataDir,
    port: 0,
    logger: pino({ level: 'silent' }),
    ...(registryUrl ? { registry: { url: registryUrl, ttlMs: 1_500, advertiseAddress: '127.0.0.1' } } : {}),
  });
}
