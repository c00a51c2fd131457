/** Pocket extraction: residues with any atom within R of the ligand, minus waters and ions, with clash checks. */
import { assertAtomDensity } from './atom-density.js';
import { CellList } from './cell-list.js';
import { makeComplex, selectAtoms, type Complex } from './complex.js';
import type { Diagnostic } from './diagnostics.js';
import { ION_ELEMENTS } from './elements.js';
import { StructureError } from './errors.js';
import type { LigandRecord } from './formats.js';
import { dedupeLigand, ligandWithoutHydrogens } from './ligand-filter.js';
import type { PdbStructure } from './pdb/schema.js';

/** Residue names of water models found in PDB files. */
export const WATER_NAMES: ReadonlySet<string> = new Set([
  'HOH',
  'WAT',
  'DOD',
  'H2O',
  'TIP',
  'TIP3',
  'SOL',
  'T3P',
]);

/** Settings of {@link extractPocket}. */
export interface PocketOptions {
  /** Residues with any atom within this distance (A) of any ligand atom are kept (default 10, as PDBbind). */
  readonly radius?: number;
  /** Keep water molecules (default false). */
  readonly keepWaters?: boolean;
  /** Keep single-atom ions such as Zn, Mg, Na, Cl (default false). */
  readonly keepIons?: boolean;
  /** Drop hydrogens from the pocket and the ligand (default false). */
  readonly removeHydrogens?: boolean;
  /** Atoms closer than this (A) count as coincident; the protein copy is dropped (default 0.01). */
  readonly coincidentDistance?: number;
  /** Protein-ligand contacts closer than this (A) are reported as warnings (default 1.0). */
  readonly contactWarnDistance?: number;
  /** A ligand with no protein atom within this distance (A) is rejected (default 8): a wrong pose or receptor. */
  readonly maxLigandDistance?: number;
}

function isIonResidue(s: PdbStructure, r: number): boolean {
  const a0 = s.residues.atomStart[r]!,
    a1 = s.residues.atomStart[r + 1]!;
  return a1 - a0 === 1 && s.residues.hetatm[r] === 1 && ION_ELEMENTS.has(s.atoms.element[a0]!);
}

/**
 * Cut the pocket of `protein` around `ligand`: every residue with an atom within `radius` of a ligand atom.
 * Waters and ions are removed unless asked for, protein atoms coincident with a ligand atom or with an earlier
 * protein atom are dropped (they made the original produce NaN losses), and close contacts are reported.
 *
 * @example
 * const pocket = extractPocket(parsePdb(pdbText), parseSdf(sdfText).records[0], { radius: 6 });
 * @throws {StructureError} STRUCTURE_LIGAND_FAR when no protein atom is within `maxLigandDistance` of the ligand,
 *   STRUCTURE_EMPTY_POCKET when the ligand has no atoms, STRUCTURE_BAD_INPUT (`details.reason: 'crowded'`) when
 *   the protein or the ligand piles atoms at one point (see `assertAtomDensity`).
 */
export function extractPocket(
  protein: PdbStructure,
  ligandIn: LigandRecord,
  options: PocketOptions = {},
): Complex {
  const radius = options.radius ?? 10;
  const coincident = options.coincidentDistance ?? 0.01;
  const warnAt = options.contactWarnDistance ?? 1.0;
  const maxFar = options.maxLigandDistance ?? 8;
  const stripped = options.removeHydrogens ? ligandWithoutHydrogens(ligandIn) : ligandIn;
  // crowded input would make the neighbour scans below (the ligand dedupe included) quadratic: refuse it first
  assertAtomDensity(protein.atoms.coords, `protein ${protein.source}`);
  assertAtomDensity(stripped.atoms.coords, `ligand "${stripped.name}"`);
  const { ligand, dropped } = dedupeLigand(stripped, options.coincidentDistance ?? 0.01);
  if (ligand.atoms.count === 0)
    throw new StructureError('STRUCTURE_EMPTY_POCKET', `ligand "${ligand.name}" has no atoms`);
  const diags: Diagnostic[] = [];
  if (dropped > 0)
    diags.push({
      severity: 'warning',
      code: 'POCKET_COINCIDENT_LIGAND_ATOMS',
      message: `${dropped} ligand atoms duplicated another ligand atom's position and were dropped`,
    });
  const lig = new CellList(ligand.atoms.coords, radius);
  const a = protein.atoms;
  const residueHit = new Uint8Array(protein.residues.count);
  const drop = new Uint8Array(a.count);
  let nearest = Infinity;
  let coincidentDropped = 0;
  let closeContacts = 0;
  for (let i = 0; i < a.count; i++) {
    const r = a.residueIndex[i]!;
    if (!options.keepWaters && WATER_NAMES.has(a.resName[i]!)) continue;
    if (!options.keepIons && isIonResidue(protein, r)) continue;
    if (options.removeHydrogens && a.atomicNumber[i] === 1) continue;
    const x = a.coords[3 * i]!,
      y = a.coords[3 * i + 1]!,
      z = a.coords[3 * i + 2]!;
    let dmin2 = Infinity;
    lig.forEachWithin(x, y, z, Math.max(radius, maxFar), (_j, d2) => {
      if (d2 < dmin2) dmin2 = d2;
    });
    if (dmin2 === Infinity) continue;
    const d = Math.sqrt(dmin2);
    if (d < nearest) nearest = d;
    if (d <= coincident) {
      drop[i] = 1;
      coincidentDropped++;
      continue;
    }
    if (d < warnAt) {
      closeContacts++;
      if (closeContacts <= 10)
        diags.push({
          severity: 'warning',
          code: 'POCKET_CLOSE_CONTACT',
          message: `protein atom ${a.name[i]} ${a.resName[i]} ${a.chainID[i]}${a.resSeq[i]}${a.iCode[i]} is ${d.toFixed(2)} A from the ligand`,
        });
    }
    if (d <= radius) residueHit[r] = 1;
  }
  if (nearest > maxFar)
    throw new StructureError(
      'STRUCTURE_LIGAND_FAR',
      `ligand "${ligand.name}" has no protein atom within ${maxFar} A (nearest ${Number.isFinite(nearest) ? `${nearest.toFixed(1)} A` : 'none in range'}): a wrong pose or the wrong receptor`,
      { details: { protein: protein.source, ligand: ligand.name, nearest } },
    );
  const keep: number[] = [];
  for (let r = 0; r < protein.residues.count; r++) {
    if (!residueHit[r]) continue;
    for (let i = protein.residues.atomStart[r]!; i < protein.residues.atomStart[r + 1]!; i++) {
      if (drop[i]) continue;
      if (!options.keepWaters && WATER_NAMES.has(a.resName[i]!)) continue;
      if (options.removeHydrogens && a.atomicNumber[i] === 1) continue;
      keep.push(i);
    }
  }
  const pocketCoords = new Float32Array(keep.length * 3);
  keep.forEach((i, k) => pocketCoords.set(a.coords.subarray(3 * i, 3 * i + 3), 3 * k));
  // Coincident protein atoms (duplicated records): keep the first of each cluster.
  const grid = new CellList(pocketCoords, Math.max(coincident, 0.5));
  const dup = new Uint8Array(keep.length);
  let dupCount = 0;
  for (let k = 0; k < keep.length; k++) {
    if (dup[k]) continue;
    grid.forEachWithin(
      pocketCoords[3 * k]!,
      pocketCoords[3 * k + 1]!,
      pocketCoords[3 * k + 2]!,
      coincident,
      (j) => {
        if (j > k && !dup[j]) {
          dup[j] = 1;
          dupCount++;
        }
      },
    );
  }
  if (coincidentDropped > 0)
    diags.push({
      severity: 'warning',
      code: 'POCKET_COINCIDENT_LIGAND',
      message: `${coincidentDropped} protein atoms sat on ligand atoms (the ligand inside the receptor file?) and were dropped`,
    });
  if (dupCount > 0)
    diags.push({
      severity: 'warning',
      code: 'POCKET_COINCIDENT_ATOMS',
      message: `${dupCount} duplicated protein atoms (same position) dropped`,
    });
  if (closeContacts > 10)
    diags.push({
      severity: 'warning',
      code: 'POCKET_CLOSE_CONTACT',
      message: `${closeContacts} protein atoms closer than ${warnAt} A to the ligand in all`,
    });
  const final = Uint32Array.from(keep.filter((_, k) => !dup[k]));
  return makeComplex(selectAtoms(protein, final), ligand, diags);
}
