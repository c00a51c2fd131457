/** Model packages: save/load round trip, typed refusals (checksum, featuriser, schema field), archives, bundled dir. */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompassModelDef, resolveHyperParams } from '../../src/model/index.js';
import {
  bundledModelDir,
  isModelPackageError,
  loadModelPackage,
  packModelArchive,
  saveModelPackage,
  unpackModelArchive,
  type ModelCard,
} from '../../src/model-package/index.js';
import { initParams } from '../../src/params/init.js';

const hp = resolveHyperParams('smoke_test', { hidden: 16, heads: 2, rbf: 8 });
let root: string;
let dir: string;
let card: ModelCard;

async function expectCode(p: Promise<unknown>, code: string): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isModelPackageError(e) && e.code).toBe(code);
  return e as Error;
}

async function editCard(d: string, f: (c: Record<string, unknown>) => void): Promise<void> {
  const c = JSON.parse(await readFile(join(d, 'model.json'), 'utf8')) as Record<string, unknown>;
  f(c);
  await writeFile(join(d, 'model.json'), JSON.stringify(c));
}

async function copyPackage(name: string): Promise<string> {
  const d = join(root, name);
  await unpackModelArchive(await packModelArchive(dir), d);
  return d;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compass-pkg-'));
  dir = join(root, 'pkg');
  card = await saveModelPackage(dir, {
    hyperParams: hp,
    params: initParams(createCompassModelDef(hp), { seed: 4 }),
    name: 'test-model',
    target: { mean: 6.4, std: 1.8 },
    training: { datasets: [{ name: 'toy', count: 3, contentHash: 'abc' }], epochs: 2 },
    metrics: { test: { rmse: 1.1, pearson: 0.5 } },
    createdAt: new Date('2026-11-29T00:00:00Z'),
  });
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('saveModelPackage / loadModelPackage', () => {
  it('round-trips the card, parameters and program', async () => {
    expect(card.id).toMatch(/^compass-[0-9a-f]{12}$/);
    expect((await readdir(dir)).sort()).toEqual(['inference.onnx', 'model.json', 'params.safetensors']);
    const pkg = await loadModelPackage(dir);
    expect(pkg.card).toEqual(card);
    expect(pkg.card.architecture).toEqual({ name: 'visnet', hyperParams: hp });
    expect(Object.keys(pkg.params).sort()).toEqual(Object.keys(createCompassModelDef(hp).params).sort());
    expect(pkg.onnx.length).toBeGreaterThan(1000);
    // Same contents, same id; a different target scaling, another id.
    const params = pkg.params;
    const again = await saveModelPackage(join(root, 'again'), {
      ...card,
      hyperParams: hp,
      params,
      createdAt: new Date(),
    });
    expect(again.id).toBe(card.id);
    const other = await saveModelPackage(join(root, 'other'), {
      ...card,
      hyperParams: hp,
      params,
      target: { mean: 5, std: 1 },
    });
    expect(other.id).not.toBe(card.id);
  });

  it('replaces an existing package atomically and leaves no temporary folders', async () => {
    const d = join(root, 'replace');
    await saveModelPackage(d, { ...card, hyperParams: hp, params: (await loadModelPackage(dir)).params });
    const second = await saveModelPackage(d, {
      ...card,
      name: 'second',
      hyperParams: hp,
      params: initParams(createCompassModelDef(hp), { seed: 9 }),
    });
    expect((await loadModelPackage(d)).card.id).toBe(second.id);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses parameters that do not fit the hyper-parameters', async () => {
    await expectCode(
      saveModelPackage(join(root, 'bad'), {
        ...card,
        hyperParams: resolveHyperParams('smoke_test'),
        params: (await loadModelPackage(dir)).params,
      }),
      'MODEL_PACKAGE_BAD_PARAMS',
    );
  });

  it('refuses a missing folder and a missing file', async () => {
    await expectCode(loadModelPackage(join(root, 'nowhere')), 'MODEL_PACKAGE_NOT_FOUND');
    const d = await copyPackage('nofile');
    await rm(join(d, 'inference.onnx'));
    await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_MISSING_FILE');
  });

  it('refuses a corrupted file with a checksum error naming the file', async () => {
    const d = await copyPackage('corrupt');
    const bytes = await readFile(join(d, 'params.safetensors'));
    bytes[bytes.length - 1]! ^= 0xff;
    await writeFile(join(d, 'params.safetensors'), bytes);
    const e = await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_CHECKSUM_MISMATCH');
    expect(e.message).toContain('params.safetensors');
  });

  it('refuses another featuriser version', async () => {
    const d = await copyPackage('feat');
    await editCard(d, (c) => ((c.featuriser as { version: string }).version = 'compass-feat/0'));
    const e = await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_FEATURISER_MISMATCH');
    expect(e.message).toContain('compass-feat/0');
  });

  it('names the bad field of a schema error, and refuses an edited card', async () => {
    const d = await copyPackage('schema');
    await editCard(d, (c) => ((c.target as { std: number }).std = -1));
    let e = await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_BAD_CARD');
    expect((e as unknown as { details: { field: string } }).details.field).toBe('target.std');
    await editCard(d, (c) => {
      (c.target as { std: number }).std = 1.8;
      (c.architecture as { hyperParams: { hidden: unknown } }).hyperParams.hidden = 'wide';
    });
    e = await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_BAD_CARD');
    expect(e.message).toContain('architecture.hyperParams.hidden');
    await editCard(d, (c) => {
      (c.architecture as { hyperParams: { hidden: number } }).hyperParams.hidden = 16;
      (c.target as { mean: number }).mean = 3;
    });
    e = await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_BAD_CARD');
    expect(e.message).toMatch(/id/);
    await writeFile(join(d, 'model.json'), '{ not json');
    await expectCode(loadModelPackage(d), 'MODEL_PACKAGE_BAD_CARD');
  });
});

describe('model archives', () => {
  it('pack and unpack give an identical, valid package', async () => {
    const buf = await packModelArchive(dir);
    expect(buf[0]).toBe(0x1f);
    const d = join(root, 'unpacked');
    expect((await unpackModelArchive(buf, d)).id).toBe(card.id);
    for (const f of ['model.json', 'inference.onnx', 'params.safetensors'])
      expect(await readFile(join(d, f))).toEqual(await readFile(join(dir, f)));
  });

  it('refuses garbage, foreign entries and incomplete archives, leaving the destination untouched', async () => {
    const d = join(root, 'refused');
    await expectCode(unpackModelArchive(Buffer.from('hello'), d), 'MODEL_PACKAGE_BAD_ARCHIVE');
    const build = async (entries: Record<string, Buffer>): Promise<Buffer> => {
      const pack = tar.pack();
      const chunks: Buffer[] = [];
      pack.on('data', (c) => chunks.push(c as Buffer));
      const done = new Promise<void>((r) => pack.on('end', () => r()));
      for (const [name, data] of Object.entries(entries)) pack.entry({ name, size: data.length }, data);
      pack.finalize();
      await done;
      return gzipSync(Buffer.concat(chunks));
    };
    const good = {
      'model.json': await readFile(join(dir, 'model.json')),
      'inference.onnx': await readFile(join(dir, 'inference.onnx')),
      'params.safetensors': await readFile(join(dir, 'params.safetensors')),
    };
    const e = await expectCode(
      unpackModelArchive(await build({ ...good, '../evil.sh': Buffer.from('x') }), d),
      'MODEL_PACKAGE_BAD_ARCHIVE',
    );
    expect(e.message).toContain('../evil.sh');
    await expectCode(
      unpackModelArchive(await build({ 'model.json': good['model.json'] }), d),
      'MODEL_PACKAGE_BAD_ARCHIVE',
    );
    const bad = Buffer.from(good['params.safetensors']);
    bad[bad.length - 1]! ^= 1;
    await expectCode(
      unpackModelArchive(await build({ ...good, 'params.safetensors': bad }), d),
      'MODEL_PACKAGE_CHECKSUM_MISMATCH',
    );
    expect((await readdir(root)).includes('refused')).toBe(false);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('bundledModelDir', () => {
  it('is models/default in the @compass/sdk package', () => {
    expect(bundledModelDir()).toBe(join(__dirname, '..', '..', 'models', 'default'));
  });
});
