/** The PDBbind folder layout: `<code>/<code>_protein.pdb` or `_pocket.pdb`, with `_ligand.sdf` or `_ligand.mol2`. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../structure/diagnostics.js';
import { DatasetError } from './errors.js';
import type { Dataset, DatasetItem } from './item.js';
import type { AffinityLabel } from './labels.js';

/** Options of {@link loadPdbbindFolder}. */
export interface PdbbindFolderOptions {
  /** Prefer the whole protein over the pocket file when both exist (default false: the pocket). */
  readonly preferProtein?: boolean;
  /** Prefer MOL2 over SDF ligands (default false). */
  readonly preferMol2?: boolean;
  /** Labels by code, e.g. from an index or a labels.csv. */
  readonly labels?: ReadonlyMap<string, AffinityLabel>;
  /** Years by code, for time splits. */
  readonly years?: ReadonlyMap<string, number>;
}

/**
 * List the complexes of a PDBbind-style folder (each subfolder named for its code). A folder without a protein or
 * ligand file is reported in `diagnostics`, not dropped silently.
 *
 * @throws {DatasetError} DATASET_MISSING_FILE when `dir` does not exist.
 */
export function loadPdbbindFolder(dir: string, options: PdbbindFolderOptions = {}): Dataset {
  if (!existsSync(dir)) throw new DatasetError('DATASET_MISSING_FILE', `${dir}: no such folder`);
  const items: DatasetItem[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const code of readdirSync(dir).sort()) {
    const sub = join(dir, code);
    if (!statSync(sub).isDirectory()) continue;
    const has = (suffix: string) => existsSync(join(sub, `${code}${suffix}`));
    const proteins = options.preferProtein
      ? ['_protein.pdb', '_pocket.pdb']
      : ['_pocket.pdb', '_protein.pdb'];
    const ligands = options.preferMol2 ? ['_ligand.mol2', '_ligand.sdf'] : ['_ligand.sdf', '_ligand.mol2'];
    const p = proteins.find(has);
    const l = ligands.find(has);
    if (!p || !l) {
      diagnostics.push({
        severity: 'error',
        code: 'DATASET_ITEM_SKIPPED',
        message: `${code}: no ${p ? 'ligand (_ligand.sdf/.mol2)' : 'protein (_protein.pdb/_pocket.pdb)'} file`,
      });
      continue;
    }
    const label = options.labels?.get(code.toLowerCase());
    const year = options.years?.get(code.toLowerCase());
    items.push({
      id: code,
      target: code,
      proteinPath: join(sub, code + p),
      ligandPath: join(sub, code + l),
      ligandRecord: 0,
      ...(label ? { label } : {}),
      ...(year ? { year } : {}),
    });
  }
  return { name: dir, items, diagnostics };
}
