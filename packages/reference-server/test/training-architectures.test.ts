/** Training tasks for every architecture through the API: rf-score (and its refit), gign fine-tuning, bad init, stop. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, type Model, type Task } from '../src/storage/records.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';
import { readEvents } from './sse.js';
import { uploadTyk2Dataset } from './tyk2-dataset.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');

let s: TestServer;
let dataset: Dataset;
beforeAll(async () => {
  // Every bundled model registered: the GIGN ensemble (alias `bundled`) is what a gign task fine-tunes.
  s = await startTestServer({ trainInWorker: false, modelOptions: {} });
  dataset = await uploadTyk2Dataset(s);
}, 120_000);
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const create = (mode: string, config: Record<string, unknown>) =>
  s.call('POST', '/api/v1/tasks', { body: { name: `arch-${String(config.architecture)}`, mode, config } });

/** Start a task and read its events to the end. */
async function runToEnd(task: Task) {
  const events = s.call('GET', `/api/v1/tasks/${task.id}/events`);
  expect((await s.call('POST', `/api/v1/tasks/${task.id}/start`)).status).toBe(202);
  return readEvents(await events, (e) => e.event === 'end');
}

const logsOf = async (id: string) =>
  (
    (await (await s.call('GET', `/api/v1/tasks/${id}/logs`)).json()) as { items: { message: string }[] }
  ).items.map((l) => l.message);

async function predict(model: string) {
  const res = await s.call('POST', '/api/v1/inference/predict', {
    body: {
      model,
      protein: { format: 'pdb', text: readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8') },
      ligand: { format: 'sdf', text: readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8') },
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { model: string; predictions: { pK: number }[] };
}

describe('training tasks by architecture', () => {
  let rfModel: string;

  it('trains an rf-score task, registers the forest with its card, and the model predicts', async () => {
    const res = await create('smoke_test', { architecture: 'rf-score', datasetId: dataset.id });
    expect(res.status).toBe(201);
    const task = (await res.json()) as Task;
    const end = (await runToEnd(task)).at(-1)!;
    expect(end.data).toMatchObject({ state: 'succeeded', error: null });
    rfModel = (end.data as { modelId: string }).modelId;
    const model = (await (await s.call('GET', `/api/v1/models/${rfModel}`)).json()) as Model;
    const card = model.card as {
      architecture: { name: string; trees: number };
      training: { datasets: { name: string; count: number }[] };
      metrics: { outOfBag?: { n: number } };
    };
    expect(card.architecture).toMatchObject({ name: 'rf-score', trees: 10 });
    expect(card.training.datasets).toEqual([
      expect.objectContaining({ name: `tyk2 (dataset ${dataset.id})`, count: 3 }),
    ]);
    const logs = await logsOf(task.id);
    expect(logs.some((l) => /a forest of 10 trees \(mode smoke_test\).*are ignored/.test(l))).toBe(true);
    expect(logs.some((l) => /3 rows: too few to hold out a validation set/.test(l))).toBe(true);
    const body = await predict(rfModel);
    expect(body.model).toBe(rfModel);
    expect(body.predictions).toHaveLength(3);
    // A forest predicts means of training labels: within the series' range (TYK2 fixture pK 8.3 to 10.6 or so).
    for (const p of body.predictions) expect(Number.isFinite(p.pK)).toBe(true);
  }, 60_000);

  it('refits a registered rf-score model with the rows it was trained on plus the task data', async () => {
    const task = (await (
      await create('smoke_test', { architecture: 'rf-score', datasetId: dataset.id, init: rfModel })
    ).json()) as Task;
    const end = (await runToEnd(task)).at(-1)!;
    expect(end.data).toMatchObject({ state: 'succeeded' });
    const id = (end.data as { modelId: string }).modelId;
    expect(id).not.toBe(rfModel);
    const card = ((await (await s.call('GET', `/api/v1/models/${id}`)).json()) as Model).card as {
      training: {
        fineTunedFrom: { id: string };
        refit: { generalRows: number; ownRows: number; weight: number };
      };
    };
    expect(card.training.fineTunedFrom.id).toBe(rfModel);
    expect(card.training.refit).toEqual({ generalRows: 3, ownRows: 3, weight: 1 });
  }, 60_000);

  it('fine-tunes the bundled GIGN ensemble for one epoch and registers the fine-tuned model', async () => {
    const res = await create('smoke_test', { architecture: 'gign', init: 'bundled', datasetId: dataset.id });
    expect(res.status).toBe(201);
    const task = (await res.json()) as Task;
    expect(task.config).toMatchObject({ epochs: 1, batchSize: 8, learningRate: 3e-4 });
    const seen = await runToEnd(task);
    const end = seen.at(-1)!;
    expect(end.data).toMatchObject({ state: 'succeeded', error: null });
    const id = (end.data as { modelId: string }).modelId;
    const bundled = (await (await s.call('GET', '/api/v1/models/bundled')).json()) as Model;
    const card = ((await (await s.call('GET', `/api/v1/models/${id}`)).json()) as Model).card as {
      architecture: { name: string };
      training: { fineTunedFrom: { id: string }; datasets: { name: string; count: number }[] };
      metrics: { train: { n: number }; trainBeforeFineTuning: { n: number } };
    };
    expect(card.architecture.name).toBe('gign');
    expect(card.training.fineTunedFrom.id).toBe(bundled.id);
    expect(card.training.datasets).toEqual([
      expect.objectContaining({ name: `tyk2 (dataset ${dataset.id})`, count: 3 }),
    ]);
    expect(card.metrics.train.n).toBe(3);
    expect(card.metrics.trainBeforeFineTuning.n).toBe(3);
    // One epoch record per ensemble member (3 members x 1 epoch), the last with the in-sample train figures.
    const metrics = (await (await s.call('GET', `/api/v1/tasks/${task.id}/metrics`)).json()) as {
      items: { epoch: number; values: Record<string, number> }[];
    };
    expect(metrics.items.map((m) => m.epoch)).toEqual([0, 1, 2]);
    expect(metrics.items[2]!.values['train.n']).toBe(3);
    expect((await predict(id)).predictions).toHaveLength(3);
  }, 120_000);

  it('warm-starts a ViSNet task from the bundled compass-visnet: the package hyper-parameters, not the mode preset', async () => {
    // prototyping's preset model (hiddenDim 64, layers 3) differs from the package's (32, 2): the package wins.
    const res = await create('prototyping', { init: 'compass-visnet', datasetId: dataset.id, epochs: 1 });
    expect(res.status).toBe(201);
    const task = (await res.json()) as Task;
    expect(task.config).toMatchObject({ epochs: 1, batchSize: 16, init: 'compass-visnet' });
    expect(task.config.model).toEqual({});
    const end = (await runToEnd(task)).at(-1)!;
    expect(end.data).toMatchObject({ state: 'succeeded', error: null });
    const visnet = (await (await s.call('GET', '/api/v1/models/compass-visnet')).json()) as Model;
    const card = (
      (await (
        await s.call('GET', `/api/v1/models/${(end.data as { modelId: string }).modelId}`)
      ).json()) as Model
    ).card as {
      architecture: { name: string; hyperParams: { hidden: number; layers: number } };
      training: { init?: { id: string } };
    };
    expect(card.architecture.name).toBe('visnet');
    expect(card.architecture.hyperParams).toMatchObject({ hidden: 32, layers: 2 });
    expect(card.training.init?.id).toBe((visnet.card as { id: string }).id);
    const logs = await logsOf(task.id);
    expect(
      logs.some((l) =>
        /init compass-visnet: its hyper-parameters are used; the mode's model fields are not sent/.test(l),
      ),
    ).toBe(true);
  }, 60_000);

  it('refuses a ViSNet init whose explicit model override conflicts with the package', async () => {
    const task = (await (
      await create('smoke_test', { init: 'compass-visnet', datasetId: dataset.id, model: { hiddenDim: 64 } })
    ).json()) as Task;
    const end = (await runToEnd(task)).at(-1)!;
    expect(end.data).toMatchObject({ state: 'failed' });
    expect((end.data as { error: string }).error).toMatch(
      /init: hyperParams\.hidden is 64 but .* was built with 32/,
    );
  }, 60_000);

  it('refuses a bad init with 422 VALIDATION_FAILED naming config.init', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ architecture: 'gign' }, /config\.init: a gign task fine-tunes a registered GIGN model/],
      [{ architecture: 'gign', init: 'no-such-model' }, /config\.init: no registered model .* no-such-model/],
      [
        { architecture: 'rf-score', init: 'bundled' },
        /config\.init: model compass-\w+ is a gign model; a rf-score task starts from a rf-score model/,
      ],
      [{ architecture: 'gign', init: 'vina' }, /config\.init: model vina is a vina model/],
      [
        { init: 'rf-score' },
        /config\.init: model compass-\w+ is a rf-score model; a compass-visnet task starts from a visnet model/,
      ],
    ];
    for (const [config, message] of cases) {
      const res = await create('smoke_test', { ...config, datasetId: dataset.id });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.message).toMatch(message);
    }
  });

  it('stops a running gign fine-tuning task: cancelled, nothing registered', async () => {
    const task = (await (
      await create('production', { architecture: 'gign', init: 'bundled', datasetId: dataset.id })
    ).json()) as Task;
    const events = s.call('GET', `/api/v1/tasks/${task.id}/events`);
    await s.call('POST', `/api/v1/tasks/${task.id}/start`);
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/pause`)).status).toBe(409);
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/stop`)).status).toBe(202);
    const end = (await readEvents(await events, (e) => e.event === 'end')).at(-1)!;
    expect(end.data).toMatchObject({ state: 'cancelled', modelId: null });
  }, 60_000);

  it('lists every bundled and trained model in the zoo with its card: data that trained it and its figures', async () => {
    const page = (await (await s.call('GET', '/api/v1/models?limit=100')).json()) as { items: Model[] };
    const byArch = (name: string) =>
      page.items.filter((m) => (m.card as { architecture: { name: string } }).architecture.name === name);
    // Bundled: the GIGN ensemble, RF-Score, the COMPASS ViSNet and Vina; trained here: 2 forests, 1 fine-tuned GIGN,
    // 1 warm-started ViSNet.
    expect(byArch('gign')).toHaveLength(2);
    expect(byArch('rf-score')).toHaveLength(3);
    expect(byArch('visnet')).toHaveLength(2);
    expect(byArch('vina')).toHaveLength(1);
    for (const m of page.items.filter((x) => x.id !== 'vina')) {
      const card = m.card as {
        training: { datasets: { name: string; count: number }[] };
        metrics: Record<string, unknown>;
      };
      expect(card.training.datasets.length, m.id).toBeGreaterThan(0);
      expect(Object.keys(card.metrics).length, m.id).toBeGreaterThan(0);
    }
  });
});
