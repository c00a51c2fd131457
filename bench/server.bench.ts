/**
 * Reference-server overhead: authenticated API calls (key lookup, rate limit, zod, SQLite), a streamed dataset
 * upload, and /api/v1/inference/predict under 16 concurrent clients, each against a baseline measured in the same
 * run (a bare GET /health; a plain file write; the same predictor called in-process by 16 concurrent callers).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { initParams } from '@compass/sdk/graph';
import {
  type AffinityPredictor,
  CompassPredictor,
  createCompassModelDef,
  parseLigands,
  parseProtein,
  resolveHyperParams,
  saveModelPackage,
  VinaPredictor,
} from '@compass/sdk/engine';
import { type RunningServer, startServer } from '@compass/reference-server';

const FIX = join(process.cwd(), 'packages', 'reference-server', 'test', 'fixtures', 'inference');

interface LoadFigures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly n: number;
}

/** `clients` loops calling `fn` for `ms`; requests per second and latency percentiles (ms). */
async function load(
  label: string,
  clients: number,
  ms: number,
  fn: () => Promise<unknown>,
): Promise<LoadFigures> {
  for (let i = 0; i < clients; i++) await fn(); // warm-up
  const lat: number[] = [];
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        await fn();
        lat.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  const f = { rps: lat.length / secs, p50: q(0.5), p99: q(0.99), n: lat.length };
  console.log(
    `${label.padEnd(52)} ${f.rps.toFixed(1).padStart(8)} req/s  p50 ${f.p50.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  (${f.n})`,
  );
  return f;
}

/** Predict through the server vs the same predictor in-process, 16 concurrent clients, one complex per call. */
async function predictLoad(
  server: RunningServer,
  auth: Record<string, string>,
  dataDir: string,
): Promise<void> {
  const proteinText = readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8');
  const sdf = readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8');
  const ligandText = `${sdf.split('$$$$')[0]!.replace(/^\n+/, '')}$$$$\n`;
  const hp = resolveHyperParams('prototyping');
  const pkgDir = join(dataDir, 'bench-model');
  await saveModelPackage(pkgDir, {
    hyperParams: hp,
    params: initParams(createCompassModelDef(hp), { seed: 1 }),
    name: 'bench (untrained weights, production-size graph of the prototyping mode)',
    target: { mean: 6, std: 1.5 },
  });
  const model = await server.models.registerDir(pkgDir);
  const body = (m: string) =>
    JSON.stringify({
      model: m,
      protein: { format: 'pdb', text: proteinText },
      ligand: { format: 'sdf', text: ligandText },
    });
  const viaHttp = (m: string) => async () => {
    const res = await fetch(`${server.url}/api/v1/inference/predict`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: body(m),
    });
    if (res.status !== 200) throw new Error(`predict answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const inProcess = (p: AffinityPredictor) => async () => {
    const protein = parseProtein(proteinText, { format: 'pdb' });
    const ligands = parseLigands(ligandText, { format: 'sdf' }).records;
    return p.predictBatch(ligands.map((ligand) => ({ protein, ligand })));
  };
  const ms = 8_000;
  console.log(
    `predict: 16 concurrent clients, ${ms / 1000} s each, one complex per call (pocket ${proteinText.length} B)`,
  );
  const compass = await CompassPredictor.load(pkgDir);
  try {
    const base = await load(
      `in-process CompassPredictor (${hp.hidden}x${hp.layers}, parse+predict)`,
      16,
      ms,
      inProcess(compass as unknown as AffinityPredictor),
    );
    const http = await load(`POST /api/v1/inference/predict model ${model.id}`, 16, ms, viaHttp(model.id));
    console.log(
      `compass: server req/s / in-process: ${(http.rps / base.rps).toFixed(2)}x; p50 ${(http.p50 / base.p50).toFixed(2)}x, p99 ${(http.p99 / base.p99).toFixed(2)}x`,
    );
  } finally {
    await compass.close();
  }
  const vina = new VinaPredictor() as unknown as AffinityPredictor;
  const vBase = await load('in-process VinaPredictor (parse+score)', 16, ms, inProcess(vina));
  const vHttp = await load('POST /api/v1/inference/predict model vina', 16, ms, viaHttp('vina'));
  console.log(
    `vina: server req/s / in-process: ${(vHttp.rps / vBase.rps).toFixed(2)}x; p50 ${(vHttp.p50 / vBase.p50).toFixed(2)}x, p99 ${(vHttp.p99 / vBase.p99).toFixed(2)}x`,
  );
}

async function time(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const perCallUs = ((performance.now() - start) / n) * 1000;
  console.log(`${label.padEnd(48)} ${perCallUs.toFixed(0).padStart(7)} µs/call  (${n} calls)`);
  return perCallUs;
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compass-server-bench-'));
  const lots = { windowMs: 60_000, limit: 1_000_000 };
  const server = await startServer({
    dataDir,
    port: 0,
    logger: pino({ level: 'silent' }),
    rateLimits: { read: lots, write: lots, upload: lots, predict: lots },
    modelOptions: { bundledDir: null },
  });
  const auth = { authorization: `Bearer ${server.firstAdminToken}` };
  try {
    await predictLoad(server, auth, dataDir);
    for (let i = 0; i < 100; i++)
      await server.tasks.create({ name: `t${i}`, mode: 'smoke_test', config: {} });
    const n = 1_000;
    const baseline = await time('baseline: GET /health (public)', n, async () =>
      (await fetch(`${server.url}/health`)).json(),
    );
    const list = await time('GET /api/v1/tasks?limit=20 (of 100+)', n, async () =>
      (await fetch(`${server.url}/api/v1/tasks?limit=20`, { headers: auth })).json(),
    );
    const create = await time('POST /api/v1/tasks (zod, presets, insert)', n, async () =>
      (
        await fetch(`${server.url}/api/v1/tasks`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"name":"bench","mode":"prototyping","config":{"epochs":3}}',
        })
      ).json(),
    );
    console.log(
      `list / baseline: ${(list / baseline).toFixed(2)}x; create / baseline: ${(create / baseline).toFixed(2)}x`,
    );

    const size = 32 * 1024 * 1024;
    const archive = Buffer.alloc(size, 1);
    archive.write('PK\u0003\u0004', 0, 'latin1');
    const rounds = 5;
    const plain = await time('baseline: writeFileSync 32 MiB', rounds, async () =>
      writeFileSync(join(dataDir, 'plain.bin'), archive),
    );
    const upload = await time('POST /api/v1/datasets 32 MiB (stream+sha256)', rounds, async () => {
      const form = new FormData();
      form.set('file', new Blob([archive]), 'bench.zip');
      return (
        await fetch(`${server.url}/api/v1/datasets`, { method: 'POST', headers: auth, body: form })
      ).json();
    });
    console.log(
      `upload: ${(size / (upload / 1e6) / 2 ** 20).toFixed(0)} MiB/s; upload / plain write: ${(upload / plain).toFixed(2)}x`,
    );
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
