/**
 * Example 5: a service monitor, as FLASH-DOCK's monitor page did: a refreshing table of the registered instances
 * with health, readiness, the default model and request figures. `npm run example -- service-monitor [--once]`
 */
import { CompassClient, isCompassClientError } from '@compass/sdk/client';
import { RegistryClient } from '@compass/registry-sdk';
import { parseExampleFlags } from './lib/args.js';
import { startLocalStack } from './lib/local-stack.js';

/** One row of the table. */
export interface MonitorRow {
  readonly id: string;
  readonly url: string;
  readonly registry: string;
  readonly health: string;
  readonly ready: string;
  readonly defaultModel: string;
  /** HTTP requests the server counted (`compass_http_requests_total`, all routes), or null. */
  readonly requests: number | null;
}

/** Sum of a Prometheus counter over all its label sets. */
export function sumCounter(text: string, name: string): number | null {
  let total: number | null = null;
  for (const line of text.split('\n'))
    if (line.startsWith(name) && (line[name.length] === '{' || line[name.length] === ' '))
      total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

/** Reads every instance of the `compass` service (passing or not) and probes each. */
export async function snapshot(registryUrl: string, apiKey: string | undefined): Promise<MonitorRow[]> {
  const registry = new RegistryClient({ url: registryUrl, maxRetries: 0, timeoutMs: 2_000 });
  try {
    const { instances } = await registry.listInstances('compass', { passingOnly: false });
    return await Promise.all(
      instances.map(async (i): Promise<MonitorRow> => {
        const url = i.url ?? `http://${i.address}:${i.port}`;
        const client = new CompassClient({
          baseUrl: url,
          maxRetries: 0,
          timeoutMs: 1_500,
          ...(apiKey ? { apiKey } : {}),
        });
        const probe = async <T>(f: () => Promise<T>, show: (v: T) => string): Promise<string> => {
          try {
            return show(await f());
          } catch (e) {
            return isCompassClientError(e) ? e.code : 'error';
          }
        };
        let requests: number | null = null;
        const [health, ready, defaultModel] = await Promise.all([
          probe(
            () => client.health(),
            (h) => h.status,
          ),
          probe(
            () => client.ready(),
            (r) => (r.ready ? 'ready' : r.draining ? 'draining' : 'no model'),
          ),
          probe(
            async () => {
              for await (const m of client.models.iterate()) if (m.isDefault) return m;
              return undefined;
            },
            (m) => (m ? `${m.name} (${m.id.slice(0, 8)})` : 'none'),
          ),
          probe(
            () => client.metricsText(),
            (t) => String((requests = sumCounter(t, 'compass_http_requests_total'))),
          ),
        ]);
        return { id: i.id, url, registry: i.status, health, ready, defaultModel, requests };
      }),
    );
  } finally {
    await registry.close();
  }
}

/** Renders rows as a fixed-width table. */
export function renderTable(rows: readonly MonitorRow[]): string {
  const head = ['instance', 'url', 'registry', 'health', 'ready', 'default model', 'requests'];
  const body = rows.map((r) => [
    r.id,
    r.url,
    r.registry,
    r.health,
    r.ready,
    r.defaultModel,
    String(r.requests ?? '-'),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Runs the example; `log` receives each printed table. `--once` prints one snapshot and exits. */
export async function main(args: readonly string[], log = console.log): Promise<MonitorRow[]> {
  const flags = parseExampleFlags(args);
  const stack = flags.registry ? undefined : await startLocalStack({ servers: 2 });
  const registryUrl = flags.registry ?? stack!.registryUrl;
  const apiKey = stack?.apiKey ?? flags.apiKey;
  try {
    for (;;) {
      const rows = await snapshot(registryUrl, apiKey);
      if (!flags.once && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
      log(`${new Date().toISOString()}  registry ${registryUrl}  ${rows.length} instances`);
      log(renderTable(rows));
      if (flags.once) return rows;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await stack?.close();
  }
}
