/** `compass train --arch rf-score` in-process: trains on CSVs, writes a loadable package, typed failures, Ctrl-C. */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrain } from '../../src/cli/train.js';
import { formatRfScoreCsv } from '../../src/rfscore/features-csv.js';
import { loadRfScorePackage } from '../../src/rfscore/model-package.js';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { syntheticSet } from './synthetic.js';

let dir: string;
const io = () => {
  const out: string[] = [],
    err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};
const csv = (n: number, seed: number) => {
  const s = syntheticSet(n, seed);
  return formatRfScoreCsv({
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    pK: s.targets,
    features: s.features,
    labelled: true,
  });
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rfscore-cli-'));
  await writeFile(join(dir, 'train.csv'), csv(300, 1));
  await writeFile(join(dir, 'valid.csv'), csv(100, 2));
  await writeFile(join(dir, 'bad.csv'), csv(10, 3).replace('c4,', 'c4,oops,'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('compass train --arch rf-score', () => {
  it('trains, reports validation figures and writes a package to <out>/model', async () => {
    const c = io();
    const code = await runTrain(
      {
        arch: 'rf-score',
        mode: 'smoke_test',
        features: join(dir, 'train.csv'),
        valid: join(dir, 'valid.csv'),
        out: join(dir, 'run'),
        trees: '20',
        seed: '3',
      },
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out[0]).toBe(
      `model saved to ${join(dir, 'run', 'model')} (20 trees, ${c.out[0]!.match(/, ([0-9.]+) s\)/)![1]} s)`,
    );
    expect(c.out.some((l) => /^validation n 100 {2}RMSE [0-9.]+/.test(l))).toBe(true);
    expect(c.err.at(-1)).toMatch(/^trees 20 loss [0-9.]+ \(100%\)$/);
    const { card } = await loadRfScorePackage(join(dir, 'run', 'model'));
    expect(card.architecture).toMatchObject({ kind: 'random-forest', trees: 20, options: { seed: 3 } });
    expect(card.training.datasets[0]!.count).toBe(300);
    expect(card.metrics.validation?.n).toBe(100);
  });

  it('exits 2 without --features, 1 with the line of a bad CSV field', async () => {
    const a = io();
    expect(await runTrain({ arch: 'rf-score', mode: 'smoke_test', out: join(dir, 'x') }, a.io)).toBe(2);
    const b = io();
    expect(
      await runTrain(
        { arch: 'rf-score', mode: 'smoke_test', features: join(dir, 'bad.csv'), out: join(dir, 'x') },
        b.io,
      ),
    ).toBe(1);
    expect(b.err[0]).toMatch(/bad\.csv:6: 39 fields; the header has 38 \[RFSCORE_BAD_CSV\]$/);
  });

  it('stops on SIGINT between trees with exit code 130 and writes nothing', async () => {
    const signals = new EventEmitter();
    const c = io();
    const run = runTrain(
      {
        arch: 'rf-score',
        mode: 'smoke_test',
        features: join(dir, 'train.csv'),
        out: join(dir, 'stopped'),
        trees: '100000',
      },
      c.io,
      signals,
    );
    setTimeout(() => signals.emit('SIGINT'), 200);
    expect(await run).toBe(130);
    expect(c.err.at(-1)).toMatch(/^stopped: training stopped after \d+ trees; nothing was written$/);
    await expect(loadRfScorePackage(join(dir, 'stopped', 'model'))).rejects.toMatchObject({
      code: 'MODEL_PACKAGE_NOT_FOUND',
    });
  });
});

describe.skipIf(!sharedDataAvailable())('compass train --arch rf-score --data', () => {
  it('featurises a dataset folder (each protein once) and trains on its labelled complexes', async () => {
    const data = join(sharedDataDir(), 'openff-plb');
    const ds = await openDatasetDir(data);
    const labelled = ds.items.filter((i) => i.label !== undefined);
    const c = io();
    const code = await runTrain(
      { arch: 'rf-score', mode: 'smoke_test', data, out: join(dir, 'openff'), trees: '10' },
      c.io,
    );
    expect(code).toBe(0);
    expect(c.err).toContain(`${data}: rfscore-v1 features of ${labelled.length} complexes`);
    const { card } = await loadRfScorePackage(join(dir, 'openff', 'model'));
    expect(card.training.datasets[0]).toMatchObject({ name: data, count: labelled.length });
  });
});
