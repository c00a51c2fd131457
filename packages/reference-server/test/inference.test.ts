/** Inference over HTTP: predict (inline, multipart, allowed path), batch, model choice, KServe v2, failure paths. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLigands, parseProtein, VinaPredictor } from '@compass/sdk/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PredictResponse, type BatchResponse } from '../src/inference/schemas.js';
import { removeDir, startTestServer, tempDir, type TestServer } from './harness.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
const proteinText = readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8');
const ligandsText = readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8');
const ligandPdbqt = readFileSync(join(FIX, 'tyk2_ligand1.pdbqt'), 'utf8');

// The expected figures: the same Vina predictor called in-process.
const vina = new VinaPredictor();
const protein = parseProtein(proteinText, { format: 'pdb' });
const records = parseLigands(ligandsText, { format: 'sdf' }).records;
const expected = records.map((ligand) => vina.score({ protein, ligand }).pK);

let s: TestServer;
let allowed: string;
let predictToken: string;
let readToken: string;
beforeAll(async () => {
  allowed = tempDir();
  mkdirSync(join(allowed, 'sub'));
  writeFileSync(join(allowed, 'sub', 'pocket.pdb'), proteinText);
  writeFileSync(join(allowed, 'ligands.sdf'), ligandsText);
  writeFileSync(join(allowed, '..', 'outside-secret.pdb'), proteinText);
  symlinkSync(join(allowed, '..', 'outside-secret.pdb'), join(allowed, 'link.pdb'));
  s = await startTestServer({
    inference: { allowedDir: allowed, maxBatchItems: 3 },
    modelOptions: { bundledDir: null },
  });
  const key = async (role: string) =>
    (
      (await (await s.call('POST', '/api/v1/keys', { body: { name: role, role } })).json()) as {
        token: string;
      }
    ).token;
  predictToken = await key('predict');
  readToken = await key('read');
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
  removeDir(allowed);
});

const inline = {
  protein: { format: 'pdb', text: proteinText },
  ligand: { format: 'sdf', text: ligandsText },
};

describe('predict', () => {
  it('predicts every ligand record with the default model (vina) in pK', async () => {
    const res = await s.call('POST', '/api/v1/inference/predict', { body: inline, token: predictToken });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PredictResponse;
    expect(body.unit).toBe('pK');
    expect(body.model).toBe('vina');
    expect(body.predictions.map((p) => [p.index, p.name, p.uncertainty])).toEqual(
      records.map((r) => [r.index, r.name, null]),
    );
    expect(body.predictions.map((p) => p.pK)).toEqual(expected);
    expect(body.timings.totalMs).toBeGreaterThanOrEqual(body.timings.predictMs);
  });

  it('gives each ligand atom its Vina share in kcal/mol, in record order, summing to the score', async () => {
    const res = await s.call('POST', '/api/v1/inference/predict', { body: inline, token: predictToken });
    const body = (await res.json()) as PredictResponse;
    const perAtom = new VinaPredictor({ perAtom: true });
    expect(body.predictions).toHaveLength(records.length);
    body.predictions.forEach((p, i) => {
      const record = records[i]!;
      const scored = perAtom.score({ protein, ligand: record });
      const shares = p.atomContributions ?? [];
      expect(shares).toHaveLength(record.atoms.count);
      expect(shares).toEqual(Array.from(scored.details?.perAtom as Float64Array));
      // the shares add up to the torsion-normalised free energy the pK comes from
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - (scored.kcalPerMol as number))).toBeLessThan(1e-9);
      const hydrogens = record.atoms.element.flatMap((e, k) => (e === 'H' ? [k] : []));
      expect(hydrogens.length).toBeGreaterThan(0);
      expect(hydrogens.map((k) => shares[k])).toEqual(hydrogens.map(() => 0));
      expect(shares.some((v) => v < 0)).toBe(true);
    });
    const doc = JSON.stringify(await (await s.call('GET', '/openapi.json', { token: null })).json());
    expect(doc).toContain('atomContributions');
  });

  it('accepts multipart files and names the model explicitly', async () => {
    const form = new FormData();
    form.append('protein', new Blob([proteinText]), 'pocket.pdb');
    form.append('ligand', new Blob([ligandPdbqt]), 'lig.pdbqt');
    form.append('model', 'vina');
    const res = await fetch(`${s.url}/api/v1/inference/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${predictToken}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PredictResponse;
    expect(body.predictions).toHaveLength(1);
    expect(Number.isFinite(body.predictions[0]!.pK)).toBe(true);
  });

  it('refuses incomplete or unreadable multipart requests and picks a model by alias', async () => {
    const post = (form: FormData) =>
      fetch(`${s.url}/api/v1/inference/predict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.admin}` },
        body: form,
      });
    const noLigand = new FormData();
    noLigand.append('protein', new Blob([proteinText]), 'pocket.pdb');
    const missing = await post(noLigand);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const unknown = new FormData();
    unknown.append('protein', new Blob([proteinText]), 'pocket.pdb');
    unknown.append('ligand', new Blob(['hello']), 'ligand.xyz');
    const bad = await post(unknown);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_STRUCTURE');
    await s.call('PUT', '/api/v1/models/vina/aliases', { body: { aliases: ['physics'] } });
    const byAlias = await s.call('POST', '/api/v1/inference/predict', {
      body: { ...inline, model: 'physics' },
    });
    expect(((await byAlias.json()) as PredictResponse).model).toBe('vina');
  });

  it('reads paths only inside the allowed directory', async () => {
    const ok = await s.call('POST', '/api/v1/inference/predict', {
      body: { protein: { path: 'sub/pocket.pdb' }, ligand: { path: join(allowed, 'ligands.sdf') } },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as PredictResponse).predictions.map((p) => p.pK)).toEqual(expected);
    // Outside, linked and missing paths get one answer, so the answer tells nothing about the disk.
    for (const path of [
      '../outside-secret.pdb',
      'link.pdb',
      '/etc/passwd',
      'sub/../../outside-secret.pdb',
      'nope.pdb',
    ]) {
      const res = await s.call('POST', '/api/v1/inference/predict', {
        body: { protein: { path }, ligand: { path: 'ligands.sdf' } },
      });
      expect([path, res.status]).toEqual([path, 404]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
  });

  it('refuses bad structures, unknown models, wrong bodies and weak keys', async () => {
    const bad = await s.call('POST', '/api/v1/inference/predict', {
      body: { ...inline, ligand: { format: 'sdf', text: 'not a molecule' } },
    });
    expect(bad.status).toBe(422);
    expect(
      ((await bad.json()) as { error: { code: string; details: { field: string } } }).error,
    ).toMatchObject({
      code: 'INVALID_STRUCTURE',
      details: { field: 'ligand' },
    });
    const unknown = await s.call('POST', '/api/v1/inference/predict', { body: { ...inline, model: 'nope' } });
    expect(unknown.status).toBe(404);
    const invalid = await s.call('POST', '/api/v1/inference/predict', { body: { protein: inline.protein } });
    expect(invalid.status).toBe(400);
    const text = await s.call('POST', '/api/v1/inference/predict', {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const weak = await s.call('POST', '/api/v1/inference/predict', { body: inline, token: readToken });
    expect(weak.status).toBe(403);
  });
});

describe('batch', () => {
  it('answers per item, a bad item failing alone', async () => {
    const res = await s.call('POST', '/api/v1/inference/batch', {
      token: predictToken,
      body: {
        items: [
          { id: 'a', ...inline },
          { id: 'b', protein: inline.protein, ligand: { format: 'sdf', text: 'garbage' } },
          { id: 'c', protein: { path: '../outside-secret.pdb' }, ligand: inline.ligand },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as BatchResponse;
    expect(body.unit).toBe('pK');
    expect(body.results.map((r) => [r.id, r.ok, r.ok ? r.predictions.length : r.error.code])).toEqual([
      ['a', true, 3],
      ['b', false, 'INVALID_STRUCTURE'],
      ['c', false, 'NOT_FOUND'],
    ]);
    const a = body.results[0]!;
    expect(a.ok && a.predictions.map((p) => p.pK)).toEqual(expected);
  });

  it('refuses more items than configured', async () => {
    const items = ['1', '2', '3', '4'].map((id) => ({ id, ...inline }));
    const res = await s.call('POST', '/api/v1/inference/batch', { body: { items } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BATCH_TOO_LARGE');
  });
});

describe('KServe v2', () => {
  it('is ready with the default model loaded and describes the model', async () => {
    expect((await fetch(`${s.url}/v2/health/ready`)).status).toBe(200);
    const meta = await s.call('GET', '/v2/models/vina', { token: readToken });
    expect(await meta.json()).toMatchObject({
      name: 'vina',
      inputs: [
        { name: 'protein', datatype: 'BYTES' },
        { name: 'ligand', datatype: 'BYTES' },
      ],
      outputs: [{ name: 'pK', datatype: 'FP32' }, { name: 'ligand_index' }],
    });
    expect((await s.call('GET', '/v2/models/vina/ready')).status).toBe(200);
    expect((await s.call('GET', '/v2/models/none/ready')).status).toBe(404);
    expect((await s.call('GET', '/v2/models/vina')).status).toBe(200);
  });

  it('infers pK tensors, broadcasting one protein over the ligands', async () => {
    const res = await s.call('POST', '/v2/models/vina/infer', {
      token: predictToken,
      body: {
        id: 'r1',
        inputs: [
          { name: 'protein', datatype: 'BYTES', shape: [1], data: [proteinText] },
          { name: 'ligand', datatype: 'BYTES', shape: [2], data: [ligandsText, ligandPdbqt] },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      model_name: string;
      outputs: { name: string; shape: number[]; data: number[] }[];
    };
    expect(body.id).toBe('r1');
    expect(body.model_name).toBe('vina');
    const [pK, index] = body.outputs;
    expect(pK!.shape).toEqual([4]);
    expect(pK!.data.slice(0, 3)).toEqual(expected.map((v) => Math.fround(v)));
    expect(index!.data).toEqual([0, 0, 0, 1]);
  });

  it('refuses malformed tensors and a missing key', async () => {
    const wrongType = await s.call('POST', '/v2/models/vina/infer', {
      body: { inputs: [{ name: 'protein', datatype: 'FP32', shape: [1], data: [1] }] },
    });
    expect(wrongType.status).toBe(400);
    const shape = await s.call('POST', '/v2/models/vina/infer', {
      body: {
        inputs: [
          { name: 'protein', datatype: 'BYTES', shape: [2], data: [proteinText] },
          { name: 'ligand', datatype: 'BYTES', shape: [1], data: [ligandsText] },
        ],
      },
    });
    expect(shape.status).toBe(400);
    expect((await s.call('POST', '/v2/models/vina/infer', { token: null, body: {} })).status).toBe(401);
  });
});
