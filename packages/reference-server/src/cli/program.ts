/** The compass-server command line: `serve` (default) and `keys create`. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { issueKey } from '../keys/issue-key.js';
import { keyRoleSchema, type KeyRole } from '../storage/records.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import { startServer } from '../server.js';
import { openScaleEngines } from '../jobs/scale-engines.js';
import { createStorage } from '../storage/postgres/create-storage.js';
import { VERSION } from '../version.js';

/** Where the CLI writes and how it listens for signals (replaceable in tests). */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly onSignal: (signal: NodeJS.Signals, handler: () => void) => void;
}

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port 0..65535');
  return n;
};

const defaultDataDir = () => process.env.COMPASS_SERVER_DATA_DIR ?? resolve('compass-data');

/** Builds the program; `parseAsync(argv)` runs it. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('compass-server').version(VERSION).description('COMPASS reference server');
  program
    .command('serve', { isDefault: true })
    .description('run the server (creates an admin key on first start)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 8080)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'folder for the database, datasets and admin.key', defaultDataDir())
    .option('--open', 'development mode: API calls need no key (never expose such a server)', false)
    .option('--cors-origin <origin...>', 'origins allowed by CORS', [])
    .option('--model <id>', 'default model to load: an id or alias (e.g. vina); default the stored default')
    .option('--registry <url>', 'register in this COMPASS registry (TTL heartbeats; deregisters on SIGTERM)')
    .option('--registry-token <token>', 'registry write token (or COMPASS_REGISTRY_TOKEN)')
    .option(
      '--advertise-address <address>',
      'address advertised in the registry (default: the listening host)',
    )
    .option('--advertise-port <port>', 'port advertised in the registry (default: the listening port)', port)
    .option('--allowed-dir <dir>', 'folder whose files predict requests may name by path (default: none)')
    .option('--max-batch <n>', 'most items per batch request', (v: string) => Number(v), 256)
    .addOption(
      new Option('--provider <provider>', 'execution provider of model packages').choices(['cpu', 'cuda']),
    )
    .option('--store <url>', 'shared store: postgres://... (default: SQLite in the data dir)')
    .option('--queue <url>', 'job queue: redis://... for compass-worker processes (default: in this process)')
    .option(
      '--v0-api',
      'also serve the v0 (FLASH-DOCK) API on its own port (keyless from loopback/--v0-allow)',
      false,
    )
    .option('--v0-port <port>', 'port of the v0 API listener', port, 8081)
    .option('--v0-allow <address...>', 'addresses or subnets allowed keyless v0 calls besides loopback', [])
    .addOption(
      new Option('--registry-api <api>', 'API used to register in --registry (v0: as FLASH-DOCK discovers)')
        .choices(['v1', 'v0'])
        .default('v1'),
    )
    .option(
      '--service-name <name>',
      'service name in the registry (default compass; compass-service with v0)',
    )
    .action(
      async (opts: {
        port: number;
        host: string;
        dataDir: string;
        open: boolean;
        corsOrigin: string[];
        store?: string;
        queue?: string;
        model?: string;
        registry?: string;
        registryToken?: string;
        advertiseAddress?: string;
        advertisePort?: number;
        allowedDir?: string;
        maxBatch: number;
        provider?: 'cpu' | 'cuda';
        v0Api: boolean;
        v0Port: number;
        v0Allow: string[];
        registryApi: 'v1' | 'v0';
        serviceName?: string;
      }) => {
        if (opts.registryApi === 'v0' && !opts.v0Api) throw new Error('--registry-api v0 needs --v0-api');
        const v0Registry = opts.registry && opts.registryApi === 'v0';
        // SCALE: --store/--queue only switch engines (see docs/scale-out.md).
        const engines = await openScaleEngines({
          ...(opts.store ? { store: opts.store } : {}),
          ...(opts.queue ? { queue: opts.queue } : {}),
          dataDir: resolve(opts.dataDir),
        });
        const server = await startServer({
          ...(engines.storage ? { storage: engines.storage } : {}),
          ...(engines.runner ? { runner: engines.runner } : {}),
          dataDir: resolve(opts.dataDir),
          port: opts.port,
          host: opts.host,
          open: opts.open,
          corsOrigins: opts.corsOrigin,
          logger: pino({ name: 'compass-server' }),
          ...(opts.model ? { model: opts.model } : {}),
          ...(opts.provider ? { modelOptions: { provider: opts.provider } } : {}),
          inference: {
            maxBatchItems: opts.maxBatch,
            ...(opts.allowedDir ? { allowedDir: resolve(opts.allowedDir) } : {}),
          },
          ...(opts.v0Api
            ? {
                v0: {
                  port: opts.v0Port,
                  allow: opts.v0Allow,
                  origins: opts.corsOrigin,
                  ...(v0Registry
                    ? {
                        registry: {
                          url: opts.registry as string,
                          serviceName: opts.serviceName ?? 'compass-service',
                          ...(opts.advertiseAddress ? { advertiseAddress: opts.advertiseAddress } : {}),
                          ...(opts.advertisePort ? { advertisePort: opts.advertisePort } : {}),
                        },
                      }
                    : {}),
                },
              }
            : {}),
          ...(opts.registry && !v0Registry
            ? {
                registry: {
                  url: opts.registry,
                  ...((opts.registryToken ?? process.env.COMPASS_REGISTRY_TOKEN)
                    ? { token: opts.registryToken ?? process.env.COMPASS_REGISTRY_TOKEN }
                    : {}),
                  ...(opts.advertiseAddress ? { advertiseAddress: opts.advertiseAddress } : {}),
                  ...(opts.advertisePort ? { advertisePort: opts.advertisePort } : {}),
                  ...(opts.serviceName ? { service: opts.serviceName } : {}),
                },
              }
            : {}),
        });
        if (server.firstAdminToken) {
          io.out(
            `\nAdmin API key (shown once; also saved to ${join(resolve(opts.dataDir), 'admin.key')}):\n` +
              `    ${server.firstAdminToken}\n\n`,
          );
        }
        io.out(`compass-server listening on http://${opts.host}:${server.port}\n`);
        if (server.v0) io.out(`v0 (FLASH-DOCK) API listening on ${server.v0.url}\n`);
        const stop = () => {
          io.out('draining: finishing in-flight requests\n');
          void server
            .close()
            .then(() => engines.close())
            .then(() => io.out('stopped\n'));
        };
        io.onSignal('SIGTERM', stop);
        io.onSignal('SIGINT', stop);
      },
    );
  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key and print its token once')
    .addOption(
      new Option('--role <role>', 'read, predict, train or admin')
        .choices(keyRoleSchema.options)
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .option('--data-dir <dir>', 'the server data folder', defaultDataDir())
    .option('--store <url>', 'shared store: postgres://... (default: SQLite in the data dir)')
    .action(async (opts: { role: KeyRole; name: string; dataDir: string; store?: string }) => {
      mkdirSync(resolve(opts.dataDir), { recursive: true });
      const storage = opts.store
        ? await createStorage(opts.store)
        : SqliteStorage.open(join(resolve(opts.dataDir), 'compass.db'));
      try {
        const { key, token } = await issueKey(storage, opts.name, opts.role);
        io.out(`created ${key.role} key ${key.id} (${key.name}); its token, shown once:\n${token}\n`);
      } finally {
        await storage.close();
      }
    });
  return program;
}
