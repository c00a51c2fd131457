/** createCompass: the tier that serves, why earlier tiers were skipped, batches in chunks, and errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AffinityPrediction,
  bundledModelDir,
  createCompass,
  isCompassFacadeError,
  type LocalPredictor,
  parseLigands,
  parseProtein,
  type TierFallback,
  VinaPredictor,
} from '../../src/entries/engine.js';

const PDB = [
  'ATOM      1  N   ALA A   1       0.000   0.000   0.000  1.00  0.00           N',
  'ATOM      2  CA  ALA A   1       1.458   0.000   0.000  1.00  0.00           C',
  'ATOM      3  C   ALA A   1       2.009   1.420   0.000  1.00  0.00           C',
  'ATOM      4  O   ALA A   1       1.251   2.390   0.000  1.00  0.00           O',
  'END',
].join('\n');
const record = (name: string, x: number) =>
  [
    name,
    '  test',
    '',
    '  2  1  0  0  0  0  0  0  0  0999 V2000',
    `    ${x.toFixed(4).padStart(6)}    4.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0`,
    `    ${(x + 1.5).toFixed(4).padStart(6)}    4.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0`,
    '  1  2  1  0',
    'M  END',
    '$$$$',
  ].join('\n');
const SDF = `${record('lig-a', 1)}\n${record('lig-b', 2)}\n`;
const input = { protein: { text: PDB, format: 'pdb' }, ligand: { text: SDF, format: 'sdf' } };

/** A stand-in engine: pK 5 + record index, so the test can tell its answers apart. */
const fakeEngine: LocalPredictor = {
  name: 'fake-engine',
  predict: async () => ({ pK: 5, model: 'fake-engine', warnings: [] }),
  predictBatch: async (inputs) =>
    inputs.map((i): AffinityPrediction => ({ pK: 5 + i.ligand.index, model: 'fake-engine', warnings: [] })),
};

const BASE = 'http://compass-facade.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const remoteAnswer = (pKs: number[]) => ({
  unit: 'pK',
  model: 'remote-model',
  predictions: pKs.map((pK, index) => ({ index, name: `r${index}`, pK, uncertainty: 0.1, warnings: [] })),
  timings: { parseMs: 1, predictMs: 1, totalMs: 2 },
});

describe('createCompass tiers', () => {
  it('in-process only: the engine serves every record, no fallbacks', async () => {
    const compass = createCompass({ engine: fakeEngine });
    const r = await compass.predict(input);
    expect(r).toMatchObject({
      tier: 'in-process',
      servedBy: 'fake-engine',
      model: 'fake-engine',
      fallbacks: [],
    });
    expect(r.predictions.map((p) => [p.index, p.name, p.pK])).toEqual([
      [0, 'lig-a', 5],
      [1, 'lig-b', 6],
    ]);
    expect(compass.hasRemote).toBe(false);
    await compass.close();
  });

  it('one server: the remote tier serves and names the server and model', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/api/v1/inference/predict`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(remoteAnswer([7.5, 6.25]));
      }),
    );
    const compass = createCompass({ url: BASE, apiKey: 'k', engine: fakeEngine });
    const r = await compass.predict(input, { model: 'prod' });
    expect(r).toMatchObject({ tier: 'remote', servedBy: BASE, model: 'remote-model', fallbacks: [] });
    expect(r.predictions.map((p) => p.pK)).toEqual([7.5, 6.25]);
    expect(body).toEqual({
      protein: { format: 'pdb', text: PDB },
      ligand: { format: 'sdf', text: SDF },
      model: 'prod',
    });
    await compass.close();
  });

  it('a failing server: retried, then the engine serves and the result says why', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/api/v1/inference/predict`, () => {
        calls++;
        return HttpResponse.json(
          { error: { code: 'INTERNAL_ERROR', message: 'boom' }, requestId: 'x' },
          { status: 500 },
        );
      }),
    );
    const compass = createCompass({
      url: BASE,
      engine: fakeEngine,
      balancer: { retry: { maxRetries: 1, backoff: { initialMs: 1, maxMs: 1 } } },
    });
    const events: TierFallback[] = [];
    compass.on('fallback', (e) => events.push(e));
    const r = await compass.predict(input);
    expect(r.tier).toBe('in-process');
    expect(calls).toBe(2);
    expect(r.fallbacks).toHaveLength(1);
    expect(r.fallbacks[0]).toMatchObject({ tier: 'remote', reason: 'error', code: 'HTTP_STATUS' });
    expect(r.fallbacks[0]!.message).toContain('INTERNAL_ERROR: boom');
    expect(events).toMatchObject([{ tier: 'remote', to: 'in-process' }]);
    await compass.close();
  });

  it('a failing engine: the empirical scorer serves with Vina values', async () => {
    const compass = createCompass({ engine: () => Promise.reject(new Error('no GPU')) });
    const r = await compass.predict(input);
    expect(r).toMatchObject({ tier: 'empirical', servedBy: 'vina-1.2', model: 'vina-1.2' });
    expect(r.fallbacks).toEqual([{ tier: 'in-process', reason: 'error', message: 'no GPU' }]);
    const protein = parseProtein(PDB, { format: 'pdb' });
    const ligands = parseLigands(SDF, { format: 'sdf' }).records;
    const direct = await new VinaPredictor().predictBatch(ligands.map((ligand) => ({ protein, ligand })));
    expect(r.predictions.map((p) => p.pK)).toEqual(direct.map((d) => d.pK));
    await compass.close();
  });

  it('every tier failing: COMPASS_UNAVAILABLE lists each tier', async () => {
    const compass = createCompass({ engine: () => Promise.reject(new Error('no engine')), empirical: false });
    const e = await compass.predict(input).catch((x: unknown) => x);
    expect(isCompassFacadeError(e)).toBe(true);
    expect(e).toMatchObject({
      code: 'COMPASS_UNAVAILABLE',
      fallbacks: [{ tier: 'in-process', message: 'no engine' }],
    });
    await compass.close();
  });

  it('the default engine is the bundled GIGN ensemble: pK, its uncertainty and each published run', async () => {
    const compass = createCompass();
    const r = await compass.predict(input);
    const card = JSON.parse(readFileSync(join(bundledModelDir(), 'model.json'), 'utf8')) as { id: string };
    expect(r.tier).toBe('in-process');
    expect(r.fallbacks).toEqual([]);
    expect(r.model).toBe(card.id);
    const p = r.predictions[0]!;
    expect(p.members?.map((m) => m.model)).toEqual(['gign-repeat0', 'gign-repeat1', 'gign-repeat2']);
    const ks = p.members!.map((m) => m.pK);
    const mean = ks.reduce((x, y) => x + y, 0) / 3;
    expect(p.pK).toBeCloseTo(mean, 5);
    expect(p.uncertainty).toBeCloseTo(Math.sqrt(ks.reduce((x, k) => x + (k - mean) ** 2, 0) / 2), 5);
    await compass.close();
  });

  it('management calls without a server fail with COMPASS_NO_SERVER', async () => {
    const compass = createCompass({ engine: fakeEngine });
    await expect(compass.train({ dataset: { id: 'd' } })).rejects.toMatchObject({
      code: 'COMPASS_NO_SERVER',
    });
    expect(() => compass.datasets).toThrow('needs a server');
    await compass.close();
  });
});

describe('createCompass batch', () => {
  it('sends a large batch in chunks to one server and keeps item order and per-item failures', async () => {
    const seen: string[][] = [];
    server.use(
      http.post(`${BASE}/api/v1/inference/batch`, async ({ request }) => {
        const body = (await request.json()) as { items: { id: string }[] };
        seen.push(body.items.map((i) => i.id));
        return HttpResponse.json({
          unit: 'pK',
          model: 'remote-model',
          results: body.items.map((i) =>
            i.id === 'c'
              ? { id: i.id, ok: false, error: { code: 'PARSE_FAILED', message: 'bad ligand' } }
              : { id: i.id, ok: true, predictions: remoteAnswer([1]).predictions },
          ),
          timings: { totalMs: 1 },
        });
      }),
    );
    const compass = createCompass({
      url: BASE,
      engine: fakeEngine,
      maxRequestBytes: 2 * (PDB.length + SDF.length + 200),
    });
    const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, ...input }));
    const r = await compass.batch(items);
    expect(seen).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(r.tier).toBe('remote');
    expect(r.results.map((x) => [x.id, x.ok])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', true],
      ['e', true],
    ]);
    await compass.close();
  });

  it('in-process batch: one bad item fails alone', async () => {
    const compass = createCompass({ engine: fakeEngine });
    const r = await compass.batch([
      { id: 'good', ...input },
      { id: 'bad', protein: input.protein, ligand: { text: 'garbage', format: 'sdf' } },
    ]);
    expect(r.tier).toBe('in-process');
    expect(r.results[0]).toMatchObject({ id: 'good', ok: true });
    expect(r.results[1]).toMatchObject({ id: 'bad', ok: false });
    await compass.close();
  });
});
