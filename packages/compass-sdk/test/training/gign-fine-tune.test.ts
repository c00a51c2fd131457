/**
 * Fine-tuning the bundled GIGN ensemble on a small real series (8 OpenFF TYK2 ligands): the loss falls, a seed gives
 * the same parameters, frozen parameters stay bit-identical, abort stops with the signal's reason, bad input is a
 * typed error, and the saved package loads, says what it was tuned from, and predicts what the tuned params give.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { buildGignGraph } from '../../src/featurise/gign/index.js';
import { predictGignGraphs } from '../../src/model/gign/index.js';
import {
  fineTuneGign,
  gignFrozenParams,
  GIGN_FINE_TUNE_BATCHNORM,
  saveFineTunedGign,
  type GignFineTuneItem,
  type GignFineTuneProgress,
} from '../../src/training/index.js';
import { bundledModelDir } from '../../src/model-package/bundled.js';
import { loadModelPackage, type LoadedModelPackage } from '../../src/model-package/load.js';
import { CompassPredictor } from '../../src/predictor/compass-predictor.js';
import type { TensorMap } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { readLigands, readProtein, type LigandRecord } from '../../src/structure/formats.js';
import type { PdbStructure } from '../../src/structure/pdb/schema.js';

const have = sharedDataAvailable();
const SERIES = () => join(sharedDataDir(), 'openff-plb', 'tyk2');

let pkg: LoadedModelPackage;
let protein: PdbStructure;
let ligands: LigandRecord[];
let items: GignFineTuneItem[];
let dir: string;
const opts = { epochs: 2, batchSize: 4, learningRate: 3e-4, seed: 7 } as const;

const bytes = (t: TensorMap[string] | undefined) =>
  Buffer.from(t!.data.buffer, t!.data.byteOffset, t!.data.byteLength);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compass-gign-ft-'));
  pkg = await loadModelPackage(bundledModelDir());
  if (!have) return;
  const ds = await openDatasetDir(SERIES());
  const picked = ds.items.filter((i) => i.label).slice(0, 8);
  protein = await readProtein(picked[0]!.proteinPath);
  const records = (await readLigands(picked[0]!.ligandPath)).records;
  ligands = picked.map((i) => records.find((r) => r.index === i.ligandRecord)!);
  items = picked.map((i, k) => ({ graph: buildGignGraph(protein, ligands[k]!), pK: i.label!.pK }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!have)('fineTuneGign on 8 TYK2 ligands (head regime, 3 members)', () => {
  let tuned: TensorMap;
  const progress: GignFineTuneProgress[] = [];

  it("lowers each member's epoch-mean loss, and the same seed gives bit-identical parameters", async () => {
    tuned = await fineTuneGign(pkg, items, { ...opts, regime: 'head', onProgress: (p) => progress.push(p) });
    expect(progress).toHaveLength(3 * 2 * 2);
    expect(progress.map((p) => [p.member, p.epoch, p.step])).toEqual(
      [0, 1, 2].flatMap((m) => [0, 1].flatMap((e) => [1, 2].map((s) => [m, e, s]))),
    );
    for (const m of [0, 1, 2]) {
      const epochMean = (e: number) =>
        progress.filter((p) => p.member === m && p.epoch === e).reduce((s, p) => s + p.loss, 0) / 2;
      expect(epochMean(1)).toBeLessThan(epochMean(0));
    }
    const again = await fineTuneGign(pkg, items, { ...opts, regime: 'head' });
    for (const k of Object.keys(tuned)) expect(bytes(again[k]).equals(bytes(tuned[k])), k).toBe(true);
    // another seed shuffles differently and ends elsewhere
    const other = await fineTuneGign(pkg, items, { ...opts, regime: 'head', seed: 8 });
    expect(bytes(other['m0.fc.predict.12.weight']).equals(bytes(tuned['m0.fc.predict.12.weight']))).toBe(
      false,
    );
  });

  it('keeps frozen parameters bit-identical and changes the trained ones in every member', () => {
    const hp = pkg.card.architecture.name === 'gign' ? pkg.card.architecture.hyperParams : undefined;
    const frozen = gignFrozenParams(hp!, 'head');
    expect(frozen.some((k) => k.startsWith('gconv3.'))).toBe(true);
    expect(frozen.some((k) => k.startsWith('fc.'))).toBe(false);
    expect(Object.keys(tuned).sort()).toEqual(Object.keys(pkg.params).sort());
    for (const m of [0, 1, 2]) {
      for (const k of frozen)
        expect(bytes(tuned[`m${m}.${k}`]).equals(bytes(pkg.params[`m${m}.${k}`])), k).toBe(true);
      expect(
        bytes(tuned[`m${m}.fc.predict.0.weight`]).equals(bytes(pkg.params[`m${m}.fc.predict.0.weight`])),
      ).toBe(false);
    }
  });

  it("stops with the signal's reason when aborted between steps", async () => {
    const ac = new AbortController();
    const reason = new Error('user stopped');
    const seen: GignFineTuneProgress[] = [];
    const run = fineTuneGign(pkg, items, {
      ...opts,
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p);
        ac.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(seen).toHaveLength(1);
  });

  it('refuses bad input with typed errors', async () => {
    await expect(fineTuneGign(pkg, [])).rejects.toMatchObject({ code: 'MODEL_BAD_INPUT' });
    await expect(fineTuneGign(pkg, [{ graph: items[0]!.graph, pK: Number.NaN }])).rejects.toMatchObject({
      code: 'MODEL_BAD_INPUT',
      message: expect.stringMatching(/item 0: pK NaN/),
    });
    await expect(fineTuneGign(pkg, items, { epochs: 0 })).rejects.toMatchObject({
      code: 'MODEL_BAD_INPUT',
      details: { field: 'epochs' },
    });
    const visnet = await loadModelPackage(join(bundledModelDir(), '..', 'compass-visnet'));
    await expect(fineTuneGign(visnet, items)).rejects.toMatchObject({
      code: 'MODEL_PACKAGE_WRONG_ARCHITECTURE',
    });
  });

  it('saves a package that loads, names its base, data and regime, and predicts with the tuned parameters', async () => {
    const out = join(dir, 'tyk2-ft');
    const card = await saveFineTunedGign(out, {
      base: pkg.card,
      params: tuned,
      data: { name: 'openff-plb/tyk2 (8 ligands)', count: 8, contentHash: 'test' },
      recipe: { ...opts, regime: 'head' },
    });
    const loaded = await loadModelPackage(out);
    expect(loaded.card).toEqual(card);
    expect(card.id).not.toBe(pkg.card.id);
    expect(card.training.fineTunedFrom).toEqual({ id: pkg.card.id, name: 'gign-ensemble' });
    expect(card.training.batchNorm).toBe(GIGN_FINE_TUNE_BATCHNORM);
    expect(card.description).toContain(`fine-tuned on 8 complexes of openff-plb/tyk2 (8 ligands)`);
    expect(card.description).toContain('BatchNorm statistics frozen (published)');
    expect(card.training.fineTune).toMatchObject({ regime: 'head', epochs: 2, learningRate: 3e-4, seed: 7 });
    const predictor = await CompassPredictor.load(out, { intraOpThreads: 1 });
    const got = await Promise.all(
      ligands.slice(0, 3).map((ligand) => predictor.predict({ protein, ligand })),
    );
    await predictor.close();
    const session = await createLocalSession(pkg.onnx, { intraOpThreads: 1 });
    const hp = { nodeDim: 35 };
    const want = await predictGignGraphs(
      session,
      hp,
      tuned,
      items.slice(0, 3).map((i) => i.graph),
    );
    const base = await predictGignGraphs(
      session,
      hp,
      pkg.params,
      items.slice(0, 3).map((i) => i.graph),
    );
    await session.release();
    got.forEach((p, k) => {
      expect(p.model).toBe(card.id);
      expect(p.pK).toBeCloseTo(want[k]!, 4);
      expect(Math.abs(p.pK - base[k]!)).toBeGreaterThan(1e-4);
    });
  });
});

describe.skipIf(!have)('compass train --arch gign', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
  };

  it('fine-tunes the bundled package on a dataset folder into <out>/model', async () => {
    const c = capture();
    const out = join(dir, 'cli');
    const args = ['train', '--arch', 'gign', '--init', bundledModelDir(), '--data', SERIES(), '--out', out];
    const code = await runCli([...args, '--epochs', '1', '--batch-size', '13', '--json'], c.io);
    expect(code, c.err.join('\n')).toBe(0);
    expect(c.err.join('\n')).toMatch(/13 labelled complexes featurised for GIGN/);
    expect(c.err.join('\n')).toMatch(/member 3\/3 epoch 1\/1 mean loss/);
    const r = JSON.parse(c.out.join('')) as { modelDir: string; metrics: { train: { n: number } } };
    expect(r.metrics.train.n).toBe(13);
    const loaded = await loadModelPackage(r.modelDir);
    expect(loaded.card.training.datasets).toEqual([expect.objectContaining({ name: 'tyk2', count: 13 })]);
  });

  it('needs --init (a GIGN package), --data and --out', async () => {
    const c = capture();
    expect(await runCli(['train', '--arch', 'gign', '--data', SERIES(), '--out', dir], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--init <package dir>, --data <dir> and --out <dir> are required/);
    const v = capture();
    const visnet = join(bundledModelDir(), '..', 'compass-visnet');
    expect(
      await runCli(['train', '--arch', 'gign', '--init', visnet, '--data', SERIES(), '--out', dir], v.io),
    ).toBe(1);
    expect(v.err.join('')).toMatch(
      /holds a visnet model; --init needs a GIGN package \[MODEL_PACKAGE_WRONG_ARCHITECTURE\]/,
    );
  });
});
