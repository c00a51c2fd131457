/** `compass inspect` logic: parse a protein and ligands, cut each pocket, and report what was understood. */
import { isCompassError } from '../errors.js';
import type { Diagnostic } from '../structure/diagnostics.js';
import { readLigands, readProtein } from '../structure/formats.js';
import { extractPocket } from '../structure/pocket.js';
import { WATER_NAMES } from '../structure/pocket.js';

/** Options of {@link inspectStructures}. */
export interface InspectOptions {
  readonly protein: string;
  readonly ligand: string;
  /** Pocket radius in A (default 10). */
  readonly radius?: number;
}

/** One chain of the protein. */
export interface InspectChain {
  readonly id: string;
  readonly residues: number;
  readonly atoms: number;
}

/** One ligand record and its pocket, or why no pocket could be cut. */
export interface InspectLigand {
  readonly index: number;
  readonly name: string;
  readonly atoms: number;
  readonly heavyAtoms: number;
  readonly bonds: number;
  /** Element counts, e.g. { C: 20, N: 3 }. */
  readonly elements: Readonly<Record<string, number>>;
  readonly data: Readonly<Record<string, string>>;
  readonly pocket:
    | { readonly residues: number; readonly atoms: number; readonly chains: readonly string[] }
    | { readonly error: { readonly code: string; readonly message: string } };
}

/** Everything `compass inspect` prints. */
export interface InspectReport {
  readonly protein: {
    readonly source: string;
    readonly atoms: number;
    readonly hetatmAtoms: number;
    readonly hydrogens: number;
    readonly waters: number;
    readonly residues: number;
    readonly models: number;
    readonly chains: readonly InspectChain[];
  };
  readonly ligandFile: {
    readonly source: string;
    readonly format: string;
    readonly records: number;
    readonly parsed: number;
  };
  readonly pocketRadius: number;
  readonly ligands: readonly InspectLigand[];
  /** Every diagnostic of parsing and pocket extraction, with where it came from. */
  readonly warnings: readonly (Diagnostic & { readonly source: string })[];
}

function countBy(xs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/**
 * Parse both files and cut a pocket per ligand record. Unreadable files throw their typed error; a record whose
 * pocket cannot be cut (a ligand far from the protein) is reported in its entry and in `warnings`.
 */
export async function inspectStructures(o: InspectOptions): Promise<InspectReport> {
  const radius = o.radius ?? 10;
  const protein = await readProtein(o.protein);
  const ligands = await readLigands(o.ligand);
  const warnings: (Diagnostic & { source: string })[] = [
    ...protein.diagnostics.map((d) => ({ ...d, source: protein.source })),
    ...ligands.diagnostics.map((d) => ({ ...d, source: ligands.source })),
  ];
  const a = protein.atoms;
  const chains = protein.chains.map((id) => ({
    id,
    residues: protein.residues.chainID.filter((c) => c === id).length,
    atoms: a.chainID.filter((c) => c === id).length,
  }));
  const entries: InspectLigand[] = ligands.records.map((r) => {
    let pocket: InspectLigand['pocket'];
    try {
      const c = extractPocket(protein, r, { radius });
      for (const d of c.diagnostics.slice(protein.diagnostics.length))
        warnings.push({ ...d, source: `${ligands.source}#${r.index + 1}`, record: r.index });
      pocket = { residues: c.protein.residues.count, atoms: c.protein.atoms.count, chains: c.protein.chains };
    } catch (e) {
      if (!isCompassError(e)) throw e;
      pocket = { error: { code: e.code, message: e.message } };
      warnings.push({
        severity: 'error',
        code: e.code,
        message: e.message,
        record: r.index,
        source: ligands.source,
      });
    }
    return {
      index: r.index,
      name: r.name,
      atoms: r.atoms.count,
      heavyAtoms: r.atoms.element.filter((e) => e !== 'H').length,
      bonds: r.bonds.count,
      elements: countBy(r.atoms.element),
      data: r.data,
      pocket,
    };
  });
  return {
    protein: {
      source: protein.source,
      atoms: a.count,
      hetatmAtoms: a.hetatm.reduce((s, h) => s + h, 0),
      hydrogens: a.element.filter((e) => e === 'H').length,
      waters: protein.residues.resName.filter((n) => WATER_NAMES.has(n)).length,
      residues: protein.residues.count,
      models: protein.modelCount,
      chains,
    },
    ligandFile: {
      source: ligands.source,
      format: ligands.format,
      records: ligands.recordCount,
      parsed: ligands.records.length,
    },
    pocketRadius: radius,
    ligands: entries,
    warnings,
  };
}

/** The report as readable text. */
export function formatInspectReport(r: InspectReport): string {
  const p = r.protein;
  const lines = [
    `protein ${p.source}: ${p.atoms} atoms (${p.hetatmAtoms} HETATM, ${p.hydrogens} H), ${p.residues} residues, ${p.waters} waters, ${p.models} model(s)`,
    ...p.chains.map((c) => `  chain ${c.id || '(blank)'}: ${c.residues} residues, ${c.atoms} atoms`),
    `ligands ${r.ligandFile.source} (${r.ligandFile.format}): ${r.ligandFile.parsed} of ${r.ligandFile.records} records read`,
  ];
  for (const l of r.ligands) {
    const formula = Object.entries(l.elements)
      .map(([e, n]) => `${e}${n}`)
      .join(' ');
    const pocket =
      'error' in l.pocket
        ? `no pocket: ${l.pocket.error.message}`
        : `pocket (${r.pocketRadius} A): ${l.pocket.residues} residues, ${l.pocket.atoms} atoms, chains ${l.pocket.chains.join(',')}`;
    lines.push(
      `  #${l.index + 1} ${l.name || '(no name)'}: ${l.atoms} atoms (${l.heavyAtoms} heavy), ${l.bonds} bonds, ${formula}; ${pocket}`,
    );
    for (const [k, v] of Object.entries(l.data)) lines.push(`      ${k} = ${v}`);
  }
  lines.push(`warnings: ${r.warnings.length}`);
  for (const w of r.warnings)
    lines.push(
      `  ${w.severity} ${w.code} ${w.source}${w.line === undefined ? '' : `:${w.line}`}: ${w.message}`,
    );
  return lines.join('\n');
}
