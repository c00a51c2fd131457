/** `/api/v1/console/*`: what the web console needs beyond the resource routes (presets, shared examples, registry view). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Instance, RegistryClient } from '@compass/registry-sdk';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { taskConfigSchema, taskModeSchema } from '../../storage/records.js';
import { MODE_PRESETS } from '../../tasks/modes.js';
import { VERSION } from '../../version.js';
import { type AppContext } from '../context.js';
import { defineRoute, type RouteSpec } from '../route.js';

/** Folders of the shared FLASH-DOCK examples the console offers (relative to the shared data dir). */
const EXAMPLE_ROOT = 'flashdock-examples';
const EXAMPLE_FOLDERS = ['Batch_Docking_Result', 'Batch_Docking', 'Docking_Result'] as const;

/** One shared example file. */
export const consoleExampleSchema = z.object({
  name: z.string(),
  kind: z.enum(['receptor', 'pose', 'ligand']),
  format: z.enum(['pdb', 'sdf']),
  size: z.int().min(0),
});

/** A shared example file. */
export type ConsoleExample = z.infer<typeof consoleExampleSchema>;

/**
 * The shared data folder the console's examples come from: `$COMPASS_DATA_DIR`, else `../shared/data` from the working
 * directory (beside the repository when started with `npm start`).
 */
function sharedDataDir(): string {
  return resolve(process.env.COMPASS_DATA_DIR ?? '../shared/data');
}

/** The shared FLASH-DOCK example files, or none when the shared data is absent. */
export function listConsoleExamples(root = join(sharedDataDir(), EXAMPLE_ROOT)): ConsoleExample[] {
  if (!existsSync(root)) return [];
  const out: ConsoleExample[] = [];
  for (const folder of EXAMPLE_FOLDERS) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const format = file.endsWith('.pdb') ? 'pdb' : file.endsWith('.sdf') ? 'sdf' : undefined;
      if (!format) continue;
      const kind = format === 'pdb' ? 'receptor' : file.includes('docked') ? 'pose' : 'ligand';
      out.push({ name: `${folder}/${file}`, kind, format, size: statSync(join(dir, file)).size });
    }
  }
  return out;
}

/** Registry view of `GET /api/v1/console/instances`: honest about an absent or unreachable registry. */
export const consoleInstancesSchema = z.object({
  registry: z.object({
    configured: z.boolean(),
    url: z.string().nullable(),
    reachable: z.boolean(),
    error: z.string().nullable(),
  }),
  instances: z.array(z.record(z.string(), z.unknown())),
  healthy: z.int().min(0),
  total: z.int().min(0),
});

/** The registry URL the server reports to: the server's `registry` option, else `$COMPASS_REGISTRY_URL`. */
export function consoleRegistryUrl(ctx: AppContext): string | undefined {
  return ctx.registryUrl ?? (process.env.COMPASS_REGISTRY_URL || undefined);
}

/** Every instance of every service in the registry at `url` (passing or not). */
export async function readRegistryInstances(url: string): Promise<Instance[]> {
  const client = new RegistryClient({ url, timeoutMs: 2_000, maxRetries: 0 });
  try {
    const services = await client.listServices();
    const lists = await Promise.all(
      services.map((s) => client.listInstances(s.service, { passingOnly: false })),
    );
    return lists.flatMap((l) => [...l.instances]);
  } finally {
    await client.close();
  }
}

/** The console routes. */
export const consoleRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/console/info',
    role: 'read',
    rateClass: 'read',
    summary: 'What the console shows before any call: version, training mode presets, registry and examples',
    response: z.object({
      version: z.string(),
      modes: z.array(taskModeSchema),
      modePresets: z.record(taskModeSchema, taskConfigSchema),
      registryConfigured: z.boolean(),
      examplesAvailable: z.boolean(),
    }),
    handler: async (_input, ctx, _req, res) => {
      res.json({
        version: VERSION,
        modes: taskModeSchema.options,
        modePresets: MODE_PRESETS,
        registryConfigured: consoleRegistryUrl(ctx) !== undefined,
        examplesAvailable: listConsoleExamples().length > 0,
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/console/examples',
    role: 'read',
    rateClass: 'read',
    summary: 'The shared FLASH-DOCK example receptors, ligands and docked poses (empty without shared data)',
    response: z.object({ items: z.array(consoleExampleSchema) }),
    handler: async (_input, _ctx, _req, res) => {
      res.json({ items: listConsoleExamples() });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/console/examples/file',
    role: 'read',
    rateClass: 'read',
    summary: 'The text of one shared example file, by its listed name',
    query: z.object({ name: z.string().min(1).max(300) }),
    handler: async ({ query }, _ctx, _req, res) => {
      const { name } = query as { name: string };
      // Only names from the listing are served, so no path from the caller ever reaches the file system.
      const known = listConsoleExamples().find((e) => e.name === name);
      if (!known) throw new NotFoundError('example', name);
      res.type('text/plain').send(await readFile(join(sharedDataDir(), EXAMPLE_ROOT, known.name), 'utf8'));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/console/instances',
    role: 'read',
    rateClass: 'read',
    summary: "The registry's instances (every service, passing or not), or why they cannot be listed",
    response: consoleInstancesSchema,
    handler: async (_input, ctx, _req, res) => {
      const url = consoleRegistryUrl(ctx) ?? null;
      if (!url) {
        res.json({
          registry: { configured: false, url: null, reachable: false, error: null },
          instances: [],
          healthy: 0,
          total: 0,
        });
        return;
      }
      try {
        const instances = await readRegistryInstances(url);
        res.json({
          registry: { configured: true, url, reachable: true, error: null },
          instances,
          healthy: instances.filter((i) => i.status === 'passing').length,
          total: instances.length,
        });
      } catch (err) {
        res.json({
          registry: {
            configured: true,
            url,
            reachable: false,
            error: err instanceof Error ? err.message : String(err),
          },
          instances: [],
          healthy: 0,
          total: 0,
        });
      }
    },
  }),
];
