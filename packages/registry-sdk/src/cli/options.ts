/** Turns `compass-registry` arguments and environment into server options (kept apart from the entry point for tests). */
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { type RegistryServerOptions } from '../http/server.js';
import { addressAllowList } from '../v0/address-allow-list.js';

/** What the CLI will start, plus what it must tell the operator. */
export interface CliPlan {
  readonly server: RegistryServerOptions & { store: string; host: string; port: number };
  /** Set when no write token was given and one was generated (printed once at start-up). */
  readonly generatedToken?: string;
}

const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('must be an integer 0-65535');
  return port;
}

function parseMs(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new InvalidArgumentError('must be a non-negative integer (ms)');
  return ms;
}

function parseStore(value: string): string {
  if (value === 'memory' || /^sqlite:.+/.test(value) || /^etcd:.+/.test(value)) return value;
  throw new InvalidArgumentError('must be memory, sqlite:PATH or etcd:URL');
}

function collectAllowEntry(value: string, previous: string[]): string[] {
  try {
    addressAllowList([value]);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return [...previous, value];
}

/** The commander program (without an action), so `--help` text and parsing are testable. */
export function cliProgram(): Command {
  return new Command('compass-registry')
    .description('COMPASS service registry: REST API for registering and discovering service instances')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', parsePort, 8500)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('-s, --store <spec>', 'memory | sqlite:PATH | etcd:URL', parseStore, 'memory')
    .option(
      '-t, --token <token>',
      'write token (repeatable; also COMPASS_REGISTRY_TOKENS, comma-separated)',
      collect,
      [],
    )
    .option(
      '--read-token <token>',
      'read token (repeatable; also COMPASS_REGISTRY_READ_TOKENS); reads are open without one',
      collect,
      [],
    )
    .option('--allow-anonymous-writes', 'accept writes without a token (local experiments only)', false)
    .option('--max-wait <ms>', 'longest blocking-query wait in ms', parseMs, 300_000)
    .option('--v0-api', 'also serve the v0 (FLASH-DOCK) API under /api/v1/services (keyless writes)', false)
    .option(
      '--v0-allow <address>',
      'address or subnet allowed keyless v0 writes besides loopback (repeatable)',
      collectAllowEntry,
      [],
    )
    .option(
      '--v0-ttl <ms>',
      'TTL of v0 registrations (heartbeat silence before critical), in ms',
      parseMs,
      60_000,
    )
    .exitOverride();
}

/**
 * Parses `argv` (without node and script) and `env` into a plan; throws commander errors on bad input, after
 * writing the message with `writeErr` (default stderr).
 */
export function planFromArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  writeErr: (text: string) => void = (text) => process.stderr.write(text),
): CliPlan {
  const program = cliProgram().configureOutput({ writeErr });
  program.parse([...argv], { from: 'user' });
  const opts = program.opts<{
    port: number;
    host: string;
    store: string;
    token: string[];
    readToken: string[];
    allowAnonymousWrites: boolean;
    maxWait: number;
    v0Api: boolean;
    v0Allow: string[];
    v0Ttl: number;
  }>();
  const writeTokens = [...opts.token, ...splitList(env.COMPASS_REGISTRY_TOKENS)];
  const readTokens = [...opts.readToken, ...splitList(env.COMPASS_REGISTRY_READ_TOKENS)];
  const generatedToken =
    writeTokens.length === 0 && !opts.allowAnonymousWrites
      ? randomBytes(24).toString('base64url')
      : undefined;
  if (generatedToken) writeTokens.push(generatedToken);
  return {
    server: {
      port: opts.port,
      host: opts.host,
      store: opts.store,
      maxWaitMs: opts.maxWait,
      auth: { writeTokens, readTokens, allowAnonymousWrites: opts.allowAnonymousWrites },
      ...(opts.v0Api
        ? { v0: { allow: opts.v0Allow, ttlMs: opts.v0Ttl, deregisterAfterMs: opts.v0Ttl } }
        : {}),
    },
    ...(generatedToken ? { generatedToken } : {}),
  };
}

/** The start-up line: where the registry listens and how it is protected (never the tokens themselves). */
export function startupLine(url: string, plan: CliPlan): string {
  const auth = plan.server.auth;
  const writes =
    (auth.writeTokens?.length ?? 0) > 0
      ? `writes need one of ${auth.writeTokens?.length} token(s)`
      : 'writes OPEN';
  const reads = (auth.readTokens?.length ?? 0) > 0 ? 'reads need a token' : 'reads open';
  const v0 = plan.server.v0
    ? `; v0 API ON: keyless v0 writes from loopback${plan.server.v0.allow?.length ? ` and ${plan.server.v0.allow.join(', ')}` : ' only'}`
    : '';
  return `compass-registry listening on ${url} (store ${plan.server.store}; ${writes}; ${reads}${v0})`;
}
