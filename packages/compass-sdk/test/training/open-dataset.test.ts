import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';
import { DatasetError } from '../../src/datasets/errors.js';

const FEP = join(import.meta.dirname, 'fixtures', 'fep');
const tmp = () => mkdtempSync(join(tmpdir(), 'compass-open-'));

describe('openDatasetDir', () => {
  it('reads a Schrodinger subset folder (labels from r_exp_dg)', async () => {
    const ds = await openDatasetDir(FEP);
    expect(ds.items).toHaveLength(7);
    expect(ds.items[0]!.target).toBe('tyk2');
    expect(ds.items[0]!.label!.pK).toBeCloseTo(9.79 / 1.364, 10);
  });

  it('reads a folder of FEP sets', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'set1'));
    for (const f of ['tyk2_protein.pdb', 'tyk2_ligands.sdf'])
      copyFileSync(join(FEP, f), join(dir, 'set1', f));
    const ds = await openDatasetDir(dir);
    expect(ds.items.map((i) => i.id)).toEqual((await openDatasetDir(FEP)).items.map((i) => i.id));
  });

  it('reads a manifest CSV', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'manifest.csv'),
      `id,protein,ligand,record,label\na,${join(FEP, 'tyk2_protein.pdb')},${join(FEP, 'tyk2_ligands.sdf')},1,7.5\n`,
    );
    // Absolute paths outside the folder are refused unless the caller allows them (its own local data).
    await expect(openDatasetDir(dir)).rejects.toMatchObject({ code: 'DATASET_BAD_MANIFEST' });
    const ds = await openDatasetDir(dir, { allowOutside: true });
    expect(ds.items).toHaveLength(1);
    expect(ds.items[0]).toMatchObject({ id: 'a', ligandRecord: 1, label: { pK: 7.5 } });
  });

  it('reads a PDBbind-style folder with labels.csv, under complexes/', async () => {
    const dir = tmp();
    for (const code of ['1abc', '2xyz']) {
      mkdirSync(join(dir, 'complexes', code), { recursive: true });
      copyFileSync(join(FEP, 'tyk2_protein.pdb'), join(dir, 'complexes', code, `${code}_pocket.pdb`));
      copyFileSync(join(FEP, 'tyk2_ligands.sdf'), join(dir, 'complexes', code, `${code}_ligand.sdf`));
    }
    writeFileSync(join(dir, 'labels.csv'), 'pdbid,-logKd/Ki\n1abc,6.5\n2xyz,8.25\n');
    const ds = await openDatasetDir(dir);
    expect(ds.items.map((i) => [i.id, i.label?.pK])).toEqual([
      ['1abc', 6.5],
      ['2xyz', 8.25],
    ]);
  });

  it('takes PDBbind labels and years from an INDEX_*.lst', async () => {
    const dir = tmp();
    mkdirSync(join(dir, '1abc'));
    copyFileSync(join(FEP, 'tyk2_protein.pdb'), join(dir, '1abc', '1abc_protein.pdb'));
    copyFileSync(join(FEP, 'tyk2_ligands.sdf'), join(dir, '1abc', '1abc_ligand.sdf'));
    writeFileSync(join(dir, 'INDEX_general_PL.lst'), '1abc  2.00  2007  Kd=1uM  // 1abc.pdf (LIG)\n');
    const ds = await openDatasetDir(dir);
    expect(ds.items[0]).toMatchObject({ id: '1abc', year: 2007 });
    expect(ds.items[0]!.label!.pK).toBeCloseTo(6, 10);
  });

  it('names the folder in a typed error when no layout matches, and when it is missing', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const err = await openDatasetDir(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err).toMatchObject({ code: 'DATASET_UNKNOWN_LAYOUT', details: { dir } });
    expect((err as Error).message).toContain(dir);
    await expect(openDatasetDir(join(dir, 'nope'))).rejects.toMatchObject({ code: 'DATASET_MISSING_FILE' });
  });
});
