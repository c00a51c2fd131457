/** FEP-style sets: one protein with a multi-record SDF, labels in an SD field or in the OpenFF ligands.yml. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../structure/diagnostics.js';
import { parseSdf } from '../structure/sdf/parser.js';
import { DatasetError } from './errors.js';
import type { Dataset, DatasetItem } from './item.js';
import { labelFromMeasurement, pKFromDeltaG, type AffinityLabel } from './labels.js';

/** Options of {@link loadSdfFieldSet}. */
export interface SdfFieldSetOptions {
  /** SD field holding the label (default `r_exp_dg`). */
  readonly field?: string;
  /** What the field holds: 'dG-kcal' (pK = -dG / 1.364), 'dG-kJ', or 'pK' (default 'dG-kcal'). */
  readonly unit?: 'dG-kcal' | 'dG-kJ' | 'pK';
  readonly target?: string;
}

/**
 * One protein with a multi-record SDF whose label sits in an SD field (the Schrodinger FEP+ layout,
 * `r_exp_dg` in kcal/mol). A record without the field, or with a non-numeric value, is reported and skipped.
 */
export function loadSdfFieldSet(
  proteinPath: string,
  ligandPath: string,
  options: SdfFieldSetOptions = {},
): Dataset {
  const field = options.field ?? 'r_exp_dg';
  const unit = options.unit ?? 'dG-kcal';
  const target = options.target ?? basename(proteinPath).replace(/_protein\.pdb$|\.pdb$/, '');
  const sdf = parseSdf(readFileSync(ligandPath), { source: ligandPath });
  const items: DatasetItem[] = [];
  const diagnostics: Diagnostic[] = [...sdf.diagnostics];
  for (const r of sdf.records) {
    const raw = r.data[field];
    const v = raw === undefined ? Number.NaN : Number(raw.trim());
    if (!Number.isFinite(v)) {
      diagnostics.push({
        severity: 'error',
        code: 'DATASET_ITEM_SKIPPED',
        message: `${ligandPath} record ${r.index + 1} (${r.name}): SD field ${field} ${raw === undefined ? 'missing' : `is "${raw}"`}`,
        record: r.index,
        line: r.line,
      });
      continue;
    }
    const label: AffinityLabel =
      unit === 'pK'
        ? { pK: v, type: 'pIC50', relation: '=', raw: `${field}=${raw}` }
        : {
            pK: pKFromDeltaG(unit === 'dG-kJ' ? v / 4.184 : v),
            type: 'dG',
            relation: '=',
            raw: `${field}=${raw}`,
          };
    items.push({
      id: `${target}/${r.name || r.index}`,
      target,
      proteinPath,
      ligandPath,
      ligandRecord: r.index,
      label,
    });
  }
  return { name: target, items, diagnostics };
}

/** Every `<system>_protein.pdb` + `<system>_ligands.sdf` pair of a Schrodinger FEP+ subset folder. */
export function loadSchrodingerSubset(dir: string): Dataset {
  if (!existsSync(dir)) throw new DatasetError('DATASET_MISSING_FILE', `${dir}: no such folder`);
  const parts = readdirSync(dir)
    .filter((f) => f.endsWith('_protein.pdb'))
    .sort()
    .map((f) => f.slice(0, -'_protein.pdb'.length))
    .filter((s) => existsSync(join(dir, `${s}_ligands.sdf`)))
    .map((s) => loadSdfFieldSet(join(dir, `${s}_protein.pdb`), join(dir, `${s}_ligands.sdf`), { target: s }));
  return {
    name: dir,
    items: parts.flatMap((p) => p.items),
    diagnostics: parts.flatMap((p) => p.diagnostics),
  };
}

interface YamlMeasurement {
  type?: string;
  value?: number;
  unit?: string;
  additional?: YamlMeasurement[];
}

/**
 * One OpenFF protein-ligand-benchmark target folder: `protein.pdb`, `ligands.sdf`, `ligands.yml`. The label is
 * each ligand's `measurement` (ki, ic50 in any concentration unit, pic50, dg in kcal or kJ per mol). `additional`
 * dh and tds entries are not affinities and are reported as skipped; a ligand missing from the SDF too.
 */
export function loadOpenffTarget(dir: string): Dataset {
  const target = basename(dir);
  const proteinPath = join(dir, 'protein.pdb');
  const ligandPath = join(dir, 'ligands.sdf');
  for (const p of [proteinPath, ligandPath, join(dir, 'ligands.yml')])
    if (!existsSync(p))
      throw new DatasetError('DATASET_MISSING_FILE', `${p}: missing (expected an OpenFF target folder)`);
  const yml = parseYaml(readFileSync(join(dir, 'ligands.yml'), 'utf8')) as Record<
    string,
    { measurement?: YamlMeasurement }
  >;
  const sdf = parseSdf(readFileSync(ligandPath), { source: ligandPath });
  const recordOf = new Map(sdf.records.map((r) => [r.name, r.index]));
  const items: DatasetItem[] = [];
  const diagnostics: Diagnostic[] = [...sdf.diagnostics];
  for (const [name, entry] of Object.entries(yml)) {
    const m = entry.measurement;
    const skip = (why: string) =>
      diagnostics.push({
        severity: 'error',
        code: 'DATASET_ITEM_SKIPPED',
        message: `${target}/${name}: ${why}`,
      });
    for (const extra of m?.additional ?? [])
      if (extra.type === 'dh' || extra.type === 'tds')
        diagnostics.push({
          severity: 'info',
          code: 'DATASET_MEASUREMENT_SKIPPED',
          message: `${target}/${name}: additional ${extra.type} is not a binding affinity`,
        });
    const record = recordOf.get(name);
    if (record === undefined) {
      skip('no record of that name in ligands.sdf');
      continue;
    }
    if (!m || m.type === undefined || m.value === undefined) {
      skip('no measurement');
      continue;
    }
    try {
      const label = labelFromMeasurement(m.type, Number(m.value), m.unit ?? '');
      items.push({ id: `${target}/${name}`, target, proteinPath, ligandPath, ligandRecord: record, label });
    } catch (e) {
      skip((e as Error).message);
    }
  }
  return { name: target, items, diagnostics };
}

/** The additional dG values of an OpenFF target (kJ/mol in thrombin), as pK by ligand name, for cross-checks. */
export function openffAdditionalDeltaG(dir: string): Map<string, number> {
  const yml = parseYaml(readFileSync(join(dir, 'ligands.yml'), 'utf8')) as Record<
    string,
    { measurement?: YamlMeasurement }
  >;
  const out = new Map<string, number>();
  for (const [name, entry] of Object.entries(yml)) {
    const dg = entry.measurement?.additional?.find((a) => a.type === 'dg');
    if (dg?.value !== undefined)
      out.set(name, labelFromMeasurement('dg', Number(dg.value), dg.unit ?? '').pK);
  }
  return out;
}
