/** Uploads the committed TYK2 fixture (pocket + ligand series, MIT) as a dataset and waits until it is validated. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/storage/records.js';
import { tgzOf } from './archives.js';
import type { TestServer } from './harness.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');

/** POST the TYK2 archive to `/api/v1/datasets`, wait for validation, and return the stored dataset record. */
export async function uploadTyk2Dataset(s: TestServer): Promise<Dataset> {
  const archive = await tgzOf([
    { name: 'tyk2_protein.pdb', data: readFileSync(join(FIX, 'tyk2_pocket.pdb')) },
    { name: 'tyk2_ligands.sdf', data: readFileSync(join(FIX, 'tyk2_ligands.sdf')) },
  ]);
  const form = new FormData();
  form.append('name', 'tyk2');
  form.append('file', new Blob([new Uint8Array(archive)]), 'tyk2.tar.gz');
  const res = await fetch(`${s.url}/api/v1/datasets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.admin}` },
    body: form,
  });
  if (res.status !== 202) throw new Error(`dataset upload answered ${res.status}`);
  await s.datasets.idle();
  const id = ((await res.json()) as Dataset).id;
  return (await (await s.call('GET', `/api/v1/datasets/${id}`)).json()) as Dataset;
}
