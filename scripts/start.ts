/**
 * `npm start`: runs the COMPASS services of this repository in one process. Each service is one entry in
 * SERVICES; later entries get the URLs and tokens of earlier ones through the shared context.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistryServer } from '@compass/registry-sdk';
import { startServer } from '@compass/reference-server';
import { pino } from 'pino';

/** What started services share with the ones after them. */
interface StartContext {
  readonly stateDir: string;
  registryUrl?: string;
  registryToken?: string;
}

/** A started service. */
interface RunningService {
  readonly name: string;
  readonly url: string;
  close(): Promise<void>;
}

type ServiceStarter = (ctx: StartContext) => Promise<RunningService>;

/** `npm start -- --v0-api`: also serve the v0 (FLASH-DOCK) API (docs/guides/flash-dock-v0.md). */
const V0_API = process.argv.includes('--v0-api');

const startRegistry: ServiceStarter = async (ctx) => {
  const tokens = (process.env.COMPASS_REGISTRY_TOKENS ?? '').split(',').filter((t) => t.trim().length > 0);
  const token = tokens[0] ?? randomBytes(24).toString('base64url');
  const server = await startRegistryServer({
    store: `sqlite:${join(ctx.stateDir, 'registry.db')}`,
    host: process.env.COMPASS_REGISTRY_HOST ?? '127.0.0.1',
    port: Number(process.env.COMPASS_REGISTRY_PORT ?? 8500),
    auth: { writeTokens: tokens.length > 0 ? tokens : [token] },
    onError: (err) => console.error('registry: request failed:', err),
    ...(V0_API ? { v0: {} } : {}),
  });
  ctx.registryUrl = server.url;
  ctx.registryToken = token;
  if (tokens.length === 0)
    console.log(`registry: write token for this run (set COMPASS_REGISTRY_TOKENS to fix one): ${token}`);
  return { name: 'registry', url: server.url, close: () => server.close() };
};

const startCompassServer: ServiceStarter = async (ctx) => {
  const dataDir = process.env.COMPASS_SERVER_DATA_DIR ?? join(ctx.stateDir, 'server');
  const server = await startServer({
    dataDir,
    host: process.env.COMPASS_SERVER_HOST ?? '127.0.0.1',
    port: Number(process.env.COMPASS_SERVER_PORT ?? 8080),
    logger: pino({ name: 'compass-server', level: process.env.COMPASS_LOG_LEVEL ?? 'warn' }),
    ...(ctx.registryUrl
      ? {
          registry: {
            url: ctx.registryUrl,
            ...(ctx.registryToken ? { token: ctx.registryToken } : {}),
          },
        }
      : {}),
    ...(V0_API
      ? {
          v0: {
            port: Number(process.env.COMPASS_V0_PORT ?? 8081),
            ...(ctx.registryUrl ? { registry: { url: ctx.registryUrl } } : {}),
          },
        }
      : {}),
  });
  if (server.v0) console.log(`server: v0 (FLASH-DOCK) API listening on ${server.v0.url}`);
  const def = await server.storage.getDefaultModel();
  if (!def || def.id === 'vina') {
    console.warn(
      'server: WARNING the bundled COMPASS model is not there yet; predictions use the Vina scoring fallback (model "vina")',
    );
  } else console.log(`server: default model ${def.id} (${def.name})`);
  if (server.firstAdminToken) {
    console.log(
      `server: admin API key (shown once; also saved to ${join(dataDir, 'admin.key')}):\n    ${server.firstAdminToken}`,
    );
  } else console.log(`server: admin API key in ${join(dataDir, 'admin.key')} (created on first start)`);
  return { name: 'server', url: server.url, close: () => server.close() };
};

/** Started in order, stopped in reverse. */
const SERVICES: readonly ServiceStarter[] = [startRegistry, startCompassServer];

// A fresh clone has no built console: build it once (a few seconds) so `/` serves it after `npm install && npm start`.
if (!existsSync(join(process.cwd(), 'packages/reference-server/dist/console/index.html'))) {
  console.log('console: building the web console (first start)');
  execFileSync('npm', ['run', 'build:console', '-w', 'packages/reference-server'], { stdio: 'inherit' });
}

const ctx: StartContext = { stateDir: join(process.cwd(), '.compass') };
mkdirSync(ctx.stateDir, { recursive: true });
const running: RunningService[] = [];
try {
  for (const start of SERVICES) {
    const service = await start(ctx);
    running.push(service);
    console.log(`${service.name}: listening on ${service.url}`);
  }
  console.log(`console: open ${running.at(-1)?.url ?? ''}/ and sign in with the admin API key`);
} catch (err) {
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  for (const service of running.reverse()) await service.close().catch(() => undefined);
  process.exit(1);
}

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`start: ${signal}, stopping ${running.length} service(s)`);
  for (const service of [...running].reverse()) {
    await service.close().catch((err: unknown) => console.error(`${service.name}: close failed:`, err));
  }
  process.exit(0);
};
process.on('SIGTERM', (s) => void stop(s));
process.on('SIGINT', (s) => void stop(s));
