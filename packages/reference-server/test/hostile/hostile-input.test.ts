/**
 * The hostile-input suite (issue 16): the malformed-structure corpus and fast-check generators over predict (JSON
 * and multipart), batch, KServe infer, dataset and model uploads, against a live server on 127.0.0.1. For every
 * input: the process lives, the answer is a 2xx or a typed 4xx, the event loop never stalls 200 ms or more, RSS
 * stays bounded. Set HOSTILE_SEED to replay another seed, HOSTILE_RUNS to scale the generated inputs.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { bundledModels } from '@compass/sdk/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestServer, tempDir, type TestServer } from '../harness.js';
import { HOSTILE_LIGANDS, HOSTILE_PROTEINS, ligandPdbqt, ligandsText, proteinText } from './corpus.js';
import { HostileProbe } from './probe.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 16);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * RUNS)), seed: SEED, endOnFailure: true });
const MAX_DELAY_MS = 200;
const MAX_RSS_GROWTH_MIB = 1024;

let s: TestServer;
let allowed: string;
let probe: HostileProbe;
beforeAll(async () => {
  allowed = tempDir();
  mkdirSync(join(allowed, 'sub'));
  writeFileSync(join(allowed, 'pocket.pdb'), proteinText);
  writeFileSync(join(allowed, 'ligands.sdf'), ligandsText);
  symlinkSync('/etc/passwd', join(allowed, 'passwd.pdb'));
  const unlimited = { windowMs: 60_000, limit: 1_000_000 };
  s = await startTestServer({
    inference: { allowedDir: allowed, maxBatchItems: 8, maxFileBytes: 4 * 1024 ** 2 },
    limits: { uploadBytes: 256 * 1024 },
    rateLimits: {
      read: unlimited,
      write: unlimited,
      upload: unlimited,
      predict: unlimited,
      train: unlimited,
    },
  });
  probe = new HostileProbe(s.url, s.admin);
});
afterAll(async () => {
  probe.stop();
  console.log(probe.report());
  await s.datasets.idle();
  await s.close();
  removeDir(s.dataDir);
  removeDir(allowed);
});

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const predictJson = (body: unknown) => ({ path: '/api/v1/inference/predict', ...json(body) });
const goodProtein = { format: 'pdb', text: proteinText };
const goodLigand = { format: 'sdf', text: ligandsText };

/** Structure text: a corpus entry, a cut or spliced fixture, or arbitrary characters. */
const structureText = fc.oneof(
  fc.constantFrom(...Object.values(HOSTILE_PROTEINS)),
  fc.constantFrom(...Object.values(HOSTILE_LIGANDS).map((l) => l.text)),
  fc
    .tuple(fc.constantFrom(proteinText, ligandsText, ligandPdbqt), fc.nat(), fc.nat())
    .map(([t, a, b]) => t.slice(Math.min(a, b) % t.length, Math.max(a, b) % t.length || undefined)),
  fc
    .tuple(fc.constantFrom(ligandsText, proteinText), fc.nat(), fc.string({ maxLength: 40 }))
    .map(([t, at, junk]) => t.slice(0, at % t.length) + junk + t.slice(at % t.length)),
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
);
const hostilePath = fc.oneof(
  fc.constantFrom(
    'pocket.pdb',
    'ligands.sdf',
    'passwd.pdb',
    'sub',
    '../../etc/passwd',
    '/dev/zero',
    '/proc/self/environ',
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ maxLength: 20 }).map((x) => `../${x}`),
);
const format = fc.constantFrom('pdb', 'pdbqt', 'sdf', 'mol2', 'mol', 'xyz', '');
const structureInput = fc.oneof(
  fc.record({ format, text: structureText }),
  fc.record({ path: hostilePath }),
  fc.anything({ maxDepth: 2 }),
);
/** Inputs the request schema accepts (a known format with text, or a path), whatever their content. */
const validStructureInput = fc.oneof(
  fc.record({
    format: fc.constantFrom('pdb', 'pdbqt', 'sdf', 'mol2', 'mol'),
    text: structureText.filter((t) => t.length > 0),
  }),
  fc.record({ path: hostilePath.filter((p) => p.length > 0 && p.length <= 4096) }),
);
const predictBody = fc.oneof(
  fc.record({ protein: structureInput, ligand: structureInput }),
  fc.record({ protein: fc.constant(goodProtein), ligand: structureInput }),
  fc.record({ protein: structureInput, ligand: fc.constant(goodLigand) }),
  fc.record({
    protein: fc.constant(goodProtein),
    ligand: fc.constant(goodLigand),
    model: fc.string({ maxLength: 30 }),
  }),
  fc.anything({ maxDepth: 3 }),
);

describe('hostile input', () => {
  it('predict JSON: the malformed-structure corpus', async () => {
    for (const [name, text] of Object.entries(HOSTILE_PROTEINS))
      await probe.send(
        'predict json',
        `protein ${name}`,
        predictJson({ protein: { format: 'pdb', text }, ligand: goodLigand }),
      );
    for (const [name, ligand] of Object.entries(HOSTILE_LIGANDS))
      await probe.send('predict json', `ligand ${name}`, predictJson({ protein: goodProtein, ligand }));
    for (const body of ['{', '[]', 'null', '"x"', '{"protein":', JSON.stringify({ protein: 1, ligand: [] })])
      await probe.send('predict json', `raw ${body}`, predictJson(body));
    const good = gzipSync(JSON.stringify({ protein: goodProtein, ligand: goodLigand }));
    await probe.send('predict json', 'corrupt gzip', {
      path: '/api/v1/inference/predict',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.concat([good.subarray(0, 30), Buffer.from('not gzip at all')]),
    });
    await probe.send('predict json', 'unknown encoding', {
      path: '/api/v1/inference/predict',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br, zstd, x-evil' },
      body: '{}',
    });
    expect(probe.violations).toEqual([]);
  });

  it('predict JSON: generated bodies', async () => {
    await fc.assert(
      fc.asyncProperty(predictBody, async (body) => {
        await probe.send('predict json', 'generated', predictJson(body));
      }),
      runs(60),
    );
    expect(probe.violations).toEqual([]);
  });

  it('predict multipart: generated (and truncated) bodies', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constantFrom('protein', 'ligand', 'model'), fc.string({ maxLength: 12 })),
      filename: fc.option(fc.constantFrom('p.pdb', 'l.sdf', 'l.mol2', 'x.pdbqt', '../../x', 'a"b.pdb', ''), {
        nil: undefined,
      }),
      content: fc.oneof(structureText, fc.constantFrom(proteinText, ligandsText)),
    });
    const body = fc.record({
      boundary: fc.oneof(
        { arbitrary: fc.constant('yy'), weight: 3 },
        { arbitrary: fc.string({ minLength: 1, maxLength: 70 }), weight: 1 },
      ),
      parts: fc.oneof(
        {
          arbitrary: fc
            .array(part, { maxLength: 4 })
            .map((ps): { name: string; filename?: string; content: string }[] => ps),
          weight: 1,
        },
        {
          arbitrary: fc
            .tuple(
              fc.constant({ name: 'protein', filename: 'p.pdb', content: proteinText }),
              fc.record({
                name: fc.constant('ligand'),
                filename: fc.constant('l.sdf'),
                content: structureText,
              }),
            )
            .map((pair): { name: string; filename?: string; content: string }[] => [...pair]),
          weight: 2,
        },
      ),
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 2 }),
      closed: fc.oneof(
        { arbitrary: fc.constant(true), weight: 3 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(body, async ({ boundary, parts, cut, closed }) => {
        let text = parts
          .map(
            (p) =>
              `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"` +
              (p.filename !== undefined ? `; filename="${p.filename}"` : '') +
              `\r\n\r\n${p.content}\r\n`,
          )
          .join('');
        if (closed) text += `--${boundary}--\r\n`;
        if (cut !== undefined) text = text.slice(0, Math.floor(text.length * cut));
        await probe.send('predict multipart', 'generated', {
          path: '/api/v1/inference/predict',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: text,
        });
      }),
      runs(60),
    );
    await probe.send('predict multipart', 'no boundary', {
      path: '/api/v1/inference/predict',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect(probe.violations).toEqual([]);
  });

  it('batch: generated items', async () => {
    const item = fc.oneof(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 10 }),
        protein: validStructureInput,
        ligand: validStructureInput,
      }),
      fc.record({
        id: fc.constant('good'),
        protein: fc.constant(goodProtein),
        ligand: fc.constant(goodLigand),
      }),
      fc.record({ id: fc.constant('half'), protein: fc.constant(goodProtein), ligand: validStructureInput }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ items: fc.array(item, { minLength: 1, maxLength: 10 }) }),
          fc.record({ items: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }) }),
          fc.anything({ maxDepth: 2 }),
        ),
        async (body) => {
          await probe.send('batch', 'generated', { path: '/api/v1/inference/batch', ...json(body) });
        },
      ),
      runs(25),
    );
    expect(probe.violations).toEqual([]);
  });

  it('KServe infer: generated tensors', async () => {
    const tensor = fc.record({
      name: fc.oneof(fc.constantFrom('protein', 'ligand'), fc.string({ maxLength: 8 })),
      datatype: fc.constantFrom('BYTES', 'FP32', 'INT64', ''),
      shape: fc.oneof(fc.array(fc.nat({ max: 4 }), { maxLength: 3 }), fc.constant([2 ** 31, 2 ** 31])),
      data: fc.oneof(
        fc.array(structureText, { maxLength: 3 }),
        fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
      ),
    });
    const good = (name: string, text: string) => ({ name, datatype: 'BYTES', shape: [1], data: [text] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ inputs: fc.array(tensor, { maxLength: 3 }) }),
          fc.record({ inputs: fc.tuple(fc.constant(good('protein', proteinText)), tensor) }),
          structureText.map((t) => ({ inputs: [good('protein', t), good('ligand', ligandsText)] })),
          structureText.map((t) => ({ inputs: [good('protein', proteinText), good('ligand', t)] })),
          fc.anything({ maxDepth: 2 }),
        ),
        async (body) => {
          await probe.send('kserve infer', 'generated', { path: '/v2/models/vina/infer', ...json(body) });
        },
      ),
      runs(40),
    );
    expect(probe.violations).toEqual([]);
  });

  it('dataset upload: generated archives and multipart bodies', async () => {
    const ZIP_HEAD = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    const archive = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([ZIP_HEAD, b])),
      fc.uint8Array({ maxLength: 512 }).map((b) => gzipSync(b)),
      fc.constant(Buffer.alloc(300 * 1024, 1)),
    );
    const name = fc.constantFrom(
      'a.zip',
      'a.tar.gz',
      'a.tgz',
      'a.tar',
      'a.txt',
      '../a.zip',
      '.zip',
      'a\u0000.zip',
      '',
    );
    await fc.assert(
      fc.asyncProperty(archive, name, fc.boolean(), async (bytes, fileName, truncate) => {
        const boundary = 'hostileBoundary';
        const head = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nhostile\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        );
        const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
        const body = Buffer.concat([
          head,
          truncate ? bytes.subarray(0, bytes.length >> 1) : bytes,
          truncate ? Buffer.alloc(0) : tail,
        ]);
        await probe.send(
          'dataset upload',
          `${fileName} ${bytes.length} B${truncate ? ' truncated' : ''} ${bytes.subarray(0, 8).toString('hex')}`,
          {
            path: '/api/v1/datasets',
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
            body,
          },
        );
      }),
      runs(30),
    );
    await s.datasets.idle();
    expect(probe.violations).toEqual([]);
  });

  it('model upload: generated archives', async () => {
    const archive = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.uint8Array({ maxLength: 2048 }).map((b) => new Uint8Array(gzipSync(b))),
      fc.string({ maxLength: 600 }).map((t) => new Uint8Array(gzipSync(Buffer.from(t.padEnd(1024, '\0'))))),
    );
    await fc.assert(
      fc.asyncProperty(
        archive,
        fc.constantFrom('application/gzip', 'application/x-tar', 'application/json'),
        async (bytes, type) => {
          await probe.send(
            'model upload',
            `${type} ${bytes.length} B ${Buffer.from(bytes.subarray(0, 8)).toString('hex')}`,
            {
              path: '/api/v1/models',
              headers: { 'content-type': type },
              body: bytes,
            },
          );
        },
      ),
      runs(30),
    );
    expect(probe.violations).toEqual([]);
  });

  it('the server is alive, answered every input typed, never stalled its event loop, kept RSS bounded', async () => {
    expect((await s.call('GET', '/health', { token: null })).status).toBe(200);
    expect(probe.violations).toEqual([]);
    expect(probe.maxDelayMs).toBeLessThan(MAX_DELAY_MS);
    expect(probe.rssMaxMiB - probe.rssStartMiB).toBeLessThan(MAX_RSS_GROWTH_MIB);
  });
});

// The same corpus against the bundled default model (the GIGN ensemble): its featuriser's errors must be typed too.
const bundled = bundledModels().length > 0;
if (!bundled)
  console.log(
    'hostile suite: the bundled-model part is skipped: @compass/sdk has no bundled model package here',
  );
describe.skipIf(!bundled)('hostile input, the bundled default model', () => {
  let b: TestServer;
  let gign: HostileProbe;
  beforeAll(async () => {
    b = await startTestServer({ modelOptions: {} });
    gign = new HostileProbe(b.url, b.admin);
  });
  afterAll(async () => {
    gign.stop();
    console.log(`bundled default model ${(await b.storage.getDefaultModel())?.id}\n${gign.report()}`);
    await b.close();
    removeDir(b.dataDir);
  });

  it('answers the malformed-structure corpus typed, with the event-loop bound and bounded RSS', async () => {
    expect((await b.storage.getDefaultModel())?.id).not.toBe('vina');
    const send = (name: string, body: unknown) => gign.send('predict json', name, predictJson(body));
    await send('good', { protein: goodProtein, ligand: goodLigand });
    for (const [name, text] of Object.entries(HOSTILE_PROTEINS))
      await send(`protein ${name}`, { protein: { format: 'pdb', text }, ligand: goodLigand });
    for (const [name, ligand] of Object.entries(HOSTILE_LIGANDS))
      await send(`ligand ${name}`, { protein: goodProtein, ligand });
    expect(gign.violations).toEqual([]);
    // Package models predict in a thread of their own (featurisation included): the event loop stays free.
    expect(gign.maxDelayMs).toBeLessThan(MAX_DELAY_MS);
    expect(gign.rssMaxMiB - gign.rssStartMiB).toBeLessThan(MAX_RSS_GROWTH_MIB);
  });
});
