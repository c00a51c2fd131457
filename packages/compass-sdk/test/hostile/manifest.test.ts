/**
 * Manifest containment (issue 16, D4): a dataset's manifest may only name files inside the dataset folder; absolute
 * paths, `..` and links out are refused with DATASET_BAD_MANIFEST naming the line.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/datasets/index.js';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compass-hostile-manifest-'));
  await writeFile(join(root, 'secret.pdb'), 'SECRET\n');
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function dataset(name: string, manifest: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'files'), { recursive: true });
  await writeFile(join(dir, 'files', 'p.pdb'), 'ATOM\n');
  await writeFile(join(dir, 'files', 'l.sdf'), 'x\n');
  await writeFile(join(dir, 'manifest.csv'), manifest);
  return dir;
}

async function refusal(p: Promise<unknown>): Promise<{ code?: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string; details?: unknown };
  }
  throw new Error('expected a refusal');
}

describe('manifest containment', () => {
  it('reads relative paths inside the folder and records the folder as each item root', async () => {
    const dir = await dataset('ok', 'protein,ligand,label\nfiles/p.pdb,files/./l.sdf,6\n');
    const ds = await openDatasetDir(dir);
    expect(ds.items).toHaveLength(1);
    expect(ds.items[0]).toMatchObject({
      proteinPath: join(dir, 'files/p.pdb'),
      ligandPath: join(dir, 'files/l.sdf'),
    });
    expect(ds.items[0]!.root).toBe(dir);
  });

  it('D4: refuses an absolute path, a `..` out of the folder and a link out, naming the manifest line', async () => {
    const secret = join(root, 'secret.pdb');
    const cases: [string, string, RegExp][] = [
      [
        'abs',
        `protein,ligand,label\nfiles/p.pdb,files/l.sdf,6\n${secret},files/l.sdf,7\n`,
        /manifest\.csv:3: protein path ".*" is absolute/,
      ],
      [
        'dotdot',
        'protein,ligand,label\nfiles/p.pdb,../secret.pdb,6\n',
        /manifest\.csv:2: ligand path "\.\.\/secret\.pdb" leads out/,
      ],
      [
        'sneaky',
        'protein,ligand,label\nfiles/../../secret.pdb,files/l.sdf,6\n',
        /:2: protein path .* leads out/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const e = await refusal(openDatasetDir(await dataset(name, text)));
      expect(e.code, name).toBe('DATASET_BAD_MANIFEST');
      expect(e.message, name).toMatch(message);
    }
    const dir = await dataset(
      'link',
      'protein,ligand,label\nfiles/p.pdb,files/l.sdf,6\nout.pdb,files/l.sdf,5\n',
    );
    await symlink(secret, join(dir, 'out.pdb'));
    const e = await refusal(openDatasetDir(dir));
    expect(e).toMatchObject({
      code: 'DATASET_BAD_MANIFEST',
      details: { line: 3, column: 'protein', path: 'out.pdb' },
    });
    expect(e.message).toMatch(/is a link to a file outside/);
  });

  it('refuses a manifest that is itself a link out of the folder', async () => {
    const dir = join(root, 'manifest-link');
    await mkdir(dir, { recursive: true });
    await writeFile(join(root, 'elsewhere.csv'), 'protein,ligand\np.pdb,l.sdf\n');
    await symlink(join(root, 'elsewhere.csv'), join(dir, 'manifest.csv'));
    expect(await refusal(openDatasetDir(dir))).toMatchObject({
      code: 'PARSE_UNREADABLE',
      details: { reason: 'symlink' },
    });
  });

  it('lets an operator opt in to paths outside with allowOutside', () => {
    const ds = parseManifest('protein,ligand\n/srv/p.pdb,../l.sdf\n', '/data/set/manifest.csv', {
      allowOutside: true,
    });
    expect(ds.items[0]).toMatchObject({ proteinPath: '/srv/p.pdb', ligandPath: '/data/l.sdf' });
    expect(ds.items[0]!.root).toBeUndefined();
  });
});
