/** Opens a dataset folder of any supported layout: manifest CSV, PDBbind-style folder, or FEP SDF sets. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './errors.js';
import { loadOpenffTarget, loadSchrodingerSubset } from './fep.js';
import type { Dataset } from './item.js';
import type { AffinityLabel } from './labels.js';
import { parseManifest, splitCsvLine, type ManifestOptions } from './manifest.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import { parsePdbbindIndex } from './pdbbind-index.js';
import { loadPdbbindFolder } from './pdbbind-folder.js';

const MANIFEST_NAMES = ['manifest.csv', 'dataset.csv', 'index.csv'];
// a million rows of two paths and a label fit in well under this
const MAX_MANIFEST_BYTES = 256 * 2 ** 20;

function subdirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isDirectory())
    .sort();
}

// labels.csv as the GIGN toy set writes it: `pdbid,<pK column>`.
function labelsCsv(path: string): Map<string, AffinityLabel> {
  const out = new Map<string, AffinityLabel>();
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  for (const line of lines.slice(1)) {
    const [id, v] = splitCsvLine(line);
    const pK = Number(v);
    if (id && Number.isFinite(pK))
      out.set(id.toLowerCase(), { pK, type: 'Kd', relation: '=', raw: `pK=${v}` });
  }
  return out;
}

// An INDEX_*.lst (PDBbind index) beside or inside the folder.
function indexLabels(
  dir: string,
): { labels: Map<string, AffinityLabel>; years: Map<string, number> } | undefined {
  const f = readdirSync(dir).find((n) => /^INDEX.*\.lst$/i.test(n) || /index.*\.lst$/i.test(n));
  if (!f) return undefined;
  const idx = parsePdbbindIndex(readFileSync(join(dir, f), 'utf8'), join(dir, f));
  const labels = new Map<string, AffinityLabel>();
  const years = new Map<string, number>();
  for (const e of idx.entries) {
    labels.set(e.code, e.label);
    years.set(e.code, e.year);
  }
  return { labels, years };
}

function merge(name: string, parts: readonly Dataset[]): Dataset {
  return { name, items: parts.flatMap((p) => p.items), diagnostics: parts.flatMap((p) => p.diagnostics) };
}

/**
 * Detects the layout of `dir` and loads it:
 * - a manifest CSV (`manifest.csv`, `dataset.csv` or `index.csv` with `protein` and `ligand` columns);
 * - a PDBbind-style folder (`<code>/<code>_pocket.pdb` + `_ligand.sdf`, directly or under `complexes/`) with labels
 *   from `labels.csv` or an `INDEX_*.lst` index;
 * - FEP sets: OpenFF targets (`<target>/protein.pdb, ligands.sdf, ligands.yml`), Schrodinger subsets
 *   (`<system>_protein.pdb` + `<system>_ligands.sdf`), or a folder of either.
 *
 * @example
 * const ds = await openDatasetDir('/data/gign-toyset'); // 50 labelled PDBbind complexes
 * A manifest's paths are confined to `dir` unless `options.allowOutside` (see {@link parseManifest}).
 *
 * @throws {DatasetError} DATASET_MISSING_FILE when `dir` does not exist; DATASET_BAD_MANIFEST for a manifest row
 *   naming a file outside `dir`.
 * @throws {DatasetError} DATASET_UNKNOWN_LAYOUT naming `dir` when no layout matches.
 */
export async function openDatasetDir(dir: string, options: ManifestOptions = {}): Promise<Dataset> {
  await Promise.resolve();
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new DatasetError('DATASET_MISSING_FILE', `${dir}: no such folder`);
  const files = readdirSync(dir);
  const manifest = MANIFEST_NAMES.find((n) => files.includes(n));
  if (manifest) {
    // by handle, confined to the folder: a manifest that is a link out, a FIFO or a device is refused
    const text = (
      await readRegularFile(join(dir, manifest), { within: dir, maxBytes: MAX_MANIFEST_BYTES })
    ).toString('utf8');
    const header = splitCsvLine(text.split(/\r?\n/, 1)[0] ?? '').map((h) => h.toLowerCase());
    if (header.includes('protein') && header.includes('ligand'))
      return parseManifest(text, join(dir, manifest), options);
  }
  if (files.includes('protein.pdb') && files.includes('ligands.yml')) return loadOpenffTarget(dir);
  if (files.some((f) => f.endsWith('_protein.pdb')) && files.some((f) => f.endsWith('_ligands.sdf')))
    return loadSchrodingerSubset(dir);
  const root =
    files.includes('complexes') && statSync(join(dir, 'complexes')).isDirectory()
      ? join(dir, 'complexes')
      : dir;
  const subs = subdirs(root);
  const isPdbbind = (s: string) =>
    readdirSync(join(root, s)).some((f) => f.startsWith(`${s}_`) && /_(pocket|protein)\.pdb$/.test(f));
  if (subs.length > 0 && subs.some(isPdbbind)) {
    const fromIndex = indexLabels(dir);
    const labels = files.includes('labels.csv') ? labelsCsv(join(dir, 'labels.csv')) : fromIndex?.labels;
    return loadPdbbindFolder(root, {
      ...(labels ? { labels } : {}),
      ...(fromIndex ? { years: fromIndex.years } : {}),
    });
  }
  // A folder of FEP sets (the shared openff-plb or schrodinger-fep folders, or both side by side).
  const parts: Dataset[] = [];
  for (const s of subs) {
    const sub = join(dir, s);
    const sf = readdirSync(sub);
    if (sf.includes('protein.pdb') && sf.includes('ligands.yml')) parts.push(loadOpenffTarget(sub));
    else if (sf.some((f) => f.endsWith('_protein.pdb')) && sf.some((f) => f.endsWith('_ligands.sdf')))
      parts.push(loadSchrodingerSubset(sub));
    else if (subdirs(sub).length > 0) {
      const nested = await openDatasetDir(sub).catch(() => undefined);
      if (nested) parts.push(nested);
    }
  }
  if (parts.length > 0) return merge(dir, parts);
  throw new DatasetError(
    'DATASET_UNKNOWN_LAYOUT',
    `${dir}: not a dataset folder (expected a manifest.csv, PDBbind-style <code>/<code>_pocket.pdb folders, or FEP sets)`,
    { details: { dir } },
  );
}
