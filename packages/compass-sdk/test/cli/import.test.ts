/** `compass import`: the published GIGN checkpoints become a package with the published card; hostile files are refused. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { loadModelPackage } from '../../src/model-package/load.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { P, smallCheckpoint, storedZip } from '../checkpoint/build-checkpoint.js';

const have = sharedDataAvailable();
const CKPT = (r: number) => join(sharedDataDir(), 'gign-reference', 'checkpoints', `repeat${r}.pt`);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compass-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compass import', () => {
  it.skipIf(!have)(
    'writes the three published runs as one ensemble package with the published card',
    async () => {
      const c = capture();
      const out = join(dir, 'gign');
      const code = await runCli(['import', CKPT(0), CKPT(1), CKPT(2), '--out', out], c.io);
      expect(code, c.err.join('\n')).toBe(0);
      expect(c.out.join('')).toMatch(/written to .*: gign, 3 members, published GIGN runs/);
      const pkg = await loadModelPackage(out);
      const a = pkg.card.architecture;
      expect(a.name).toBe('gign');
      if (a.name !== 'gign') return;
      expect(a.hyperParams).toEqual({
        nodeDim: 35,
        hidden: 256,
        layers: 3,
        fcBlocks: 3,
        rbf: 9,
        rbfMax: 6,
        members: 3,
      });
      expect(a.members?.map((m) => [m.name, m.metrics?.validation?.pearson])).toEqual([
        ['gign-repeat0', 0.7813],
        ['gign-repeat1', 0.7858],
        ['gign-repeat2', 0.7813],
      ]);
      expect(pkg.card.license).toMatch(/MIT.*Weihe Zhong.*PDBbind/);
      expect(pkg.card.description).toMatch(/CASF-2016.*0\.840/);
      // the bundled default is exactly this package
      expect(pkg.card.id).toBe(
        JSON.parse(await readFile(join(__dirname, '..', '..', 'models', 'default', 'model.json'), 'utf8')).id,
      );
    },
  );

  it('refuses a pickle that would run code, naming the global, and writes nothing', async () => {
    const evil = storedZip([
      [
        'archive/data.pkl',
        new Uint8Array([
          ...P.proto(),
          ...P.global('posix', 'system'),
          ...P.str('touch /tmp/x'),
          0x85,
          ...P.reduce(),
          ...P.stop(),
        ]),
      ],
    ]);
    const f = join(dir, 'evil.pt');
    await writeFile(f, evil);
    const c = capture();
    const out = join(dir, 'evil');
    expect(await runCli(['import', f, '--out', out, '--json'], c.io)).toBe(1);
    const e = JSON.parse(c.out.join('')) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('CHECKPOINT_FORBIDDEN_GLOBAL');
    expect(e.error.message).toMatch(/posix\.system/);
    await expect(readFile(join(out, 'model.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a valid state dict that is not GIGN, and a truncated file, with typed codes', async () => {
    const small = join(dir, 'small.pt');
    await writeFile(small, smallCheckpoint());
    const c = capture();
    expect(await runCli(['import', small, '--out', join(dir, 'small'), '--json'], c.io)).toBe(1);
    expect(JSON.parse(c.out.join('')).error.code).toBe('MODEL_BAD_CHECKPOINT');
    const cut = join(dir, 'cut.pt');
    await writeFile(cut, smallCheckpoint().subarray(0, 100));
    const d = capture();
    expect(await runCli(['import', cut, '--out', join(dir, 'cut'), '--json'], d.io)).toBe(1);
    expect(JSON.parse(d.out.join('')).error.code).toMatch(/^CHECKPOINT_(TRUNCATED|NOT_ZIP|CORRUPT)$/);
    const e = capture();
    expect(await runCli(['import', small, '--arch', 'visnet', '--out', join(dir, 'x')], e.io)).toBe(2);
    expect(e.err.join('')).toMatch(/--arch must be gign/);
  });
});
