/** `compass predict`, `compass batch` and `compass info`, run in-process against test model packages. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { loadModelPackage } from '../../src/model-package/index.js';
import { FIXTURE_LIGANDS, FIXTURE_PROTEIN } from '../model/helpers.js';
import { buildTestPackage } from './fixture-package.js';

let root: string;
let dirA: string;
let dirB: string;
let idA: string;
const NAMES = ['ejm_47', 'jmc_32charg', 'jmc_31'];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compass-cli-'));
  dirA = await buildTestPackage(root, 'a', 1);
  dirB = await buildTestPackage(root, 'b', 2);
  idA = (await loadModelPackage(dirA)).card.id;
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('compass predict', () => {
  it('--json prints one JSON object with one prediction per ligand record', async () => {
    const r = await run([
      'predict',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      FIXTURE_LIGANDS,
      '--model',
      dirA,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      predictions: { name: string; pK: number; model: string; uncertainty?: number }[];
    };
    expect(Object.keys(json)).toEqual(['predictions']);
    expect(json.predictions.map((p) => p.name)).toEqual(NAMES);
    for (const p of json.predictions) {
      expect(p.model).toBe(idA);
      expect(Number.isFinite(p.pK)).toBe(true);
      expect(p.uncertainty).toBeUndefined();
    }
  });

  it('several --model folders give an ensemble with an uncertainty; text output lists the records', async () => {
    const r = await run([
      'predict',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      FIXTURE_LIGANDS,
      '--model',
      dirA,
      dirB,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { predictions: { uncertainty?: number; model: string }[] };
    expect(json.predictions.every((p) => (p.uncertainty ?? 0) > 0 && p.model.startsWith('ensemble-'))).toBe(
      true,
    );
    const t = await run([
      'predict',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      FIXTURE_LIGANDS,
      '--model',
      dirA,
    ]);
    expect(t.code).toBe(0);
    expect(t.out.trim().split('\n')).toHaveLength(4);
    expect(t.out).toContain('jmc_32charg');
  });

  it('a record the parser skips is reported on stderr; the other records are predicted', async () => {
    const broken = join(root, 'broken.sdf');
    const good = await readFile(FIXTURE_LIGANDS, 'utf8');
    await writeFile(
      broken,
      `${good}bad\n  junk\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n    x y z C\nM  END\n$$$$\n`,
    );
    const r = await run([
      'predict',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      broken,
      '--model',
      dirA,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { predictions: unknown[] }).predictions).toHaveLength(3);
    expect(r.err).toMatch(/broken\.sdf: record 4 skipped: .*\[SDF_RECORD_SKIPPED\]/);
  });

  it('typed errors become exit 1 with the code on stderr (and JSON), bad options exit 2', async () => {
    const r = await run([
      'predict',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      FIXTURE_LIGANDS,
      '--model',
      join(root, 'none'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[MODEL_PACKAGE_NOT_FOUND]');
    expect((JSON.parse(r.out) as { error: { code: string } }).error.code).toBe('MODEL_PACKAGE_NOT_FOUND');
    const missing = await run([
      'predict',
      '--protein',
      join(root, 'nope.pdb'),
      '--ligand',
      FIXTURE_LIGANDS,
      '--model',
      dirA,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('PARSE_UNREADABLE');
    const bad = await run([
      'predict',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      FIXTURE_LIGANDS,
      '--provider',
      'tpu',
    ]);
    expect(bad.code).toBe(2);
  });
});

describe('compass batch', () => {
  it('a manifest gives one row per record; a failing row is reported and the rest predicted (exit 3)', async () => {
    const manifest = join(root, 'pairs.csv');
    await writeFile(
      manifest,
      `id,protein,ligand\nt1,${FIXTURE_PROTEIN},${FIXTURE_LIGANDS}\nt2,${FIXTURE_PROTEIN},missing.sdf\n`,
    );
    const out = join(root, 'out.csv');
    const r = await run(['batch', '--manifest', manifest, '--model', dirA, '--out', out, '--no-progress']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('3 predicted, 1 failed');
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('id,protein,ligand,name,index,pK,uncertainty,model,error_code,error');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1, 4).map((l) => l.split(',')[3])).toEqual(NAMES);
    expect(lines.slice(1, 4).every((l) => l.split(',')[7] === idA)).toBe(true);
    expect(lines[4]).toContain('PARSE_UNREADABLE');
    expect(lines[4]!.startsWith('t2,')).toBe(true);
  });

  it('a protein and a multi-record ligand file to JSON on stdout', async () => {
    const r = await run([
      'batch',
      '--protein',
      FIXTURE_PROTEIN,
      '--ligand',
      FIXTURE_LIGANDS,
      '--model',
      dirA,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { model: string; results: { name: string; pK: number }[] };
    expect(json.model).toBe(idA);
    expect(json.results.map((x) => x.name)).toEqual(NAMES);
    const usage = await run(['batch', '--protein', FIXTURE_PROTEIN]);
    expect(usage.code).toBe(2);
    const header = join(root, 'bad.csv');
    await writeFile(header, 'a,b\n1,2\n');
    const badHeader = await run(['batch', '--manifest', header, '--model', dirA]);
    expect(badHeader.code).toBe(1);
    expect(badHeader.err).toContain('PREDICTOR_BAD_INPUT');
  });
});

describe('compass info', () => {
  it('prints the validated card as JSON or text; a broken package exits 1', async () => {
    const j = await run(['info', '--model', dirA, '--json']);
    expect(j.code).toBe(0);
    expect((JSON.parse(j.out) as { id: string }).id).toBe(idA);
    const t = await run(['info', '--model', dirA]);
    expect(t.out).toContain(`a (${idA})`);
    expect(t.out).toContain('visnet: hidden 16');
    const bad = await run(['info', '--model', join(root, 'none')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('MODEL_PACKAGE_NOT_FOUND');
  });
});
