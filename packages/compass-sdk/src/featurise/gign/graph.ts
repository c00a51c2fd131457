/** GIGN's graph of one complex: the pocket cut, both molecules read as RDKit reads them, features and edges. */
import { isChemistryError } from '../../chemistry/errors.js';
import { pdbMolecule, type ConectLink, type PdbMoleculeAtoms } from '../../chemistry/pdb-molecule.js';
import { sanitize, type SanitizedMol } from '../../chemistry/sanitize.js';
import { CellList } from '../../structure/cell-list.js';
import type { Diagnostic } from '../../structure/diagnostics.js';
import type { LigandRecord } from '../../structure/formats.js';
import type { PdbStructure } from '../../structure/pdb/schema.js';
import { GIGN_ATOM_FEATURES, writeAtomFeatures } from './atom-features.js';
import { FeaturiseError } from './errors.js';
import { obabelLigand } from './obabel-ligand.js';
import { asPdbCoordinates } from './pdb-coordinates.js';
import { cutPocket } from './pymol-pocket.js';

/** A complex as GIGN's graph. Atom order: ligand atoms (file order) then pocket atoms (file order). */
export interface GignGraph {
  readonly numLigandAtoms: number;
  readonly numPocketAtoms: number;
  /** [N, 35] row-major, 0/1. */
  readonly x: Float32Array;
  /** [N, 3] Angstrom. */
  readonly pos: Float32Array;
  /** Covalent edges, both directions: src[e] = j (message source), dst[e] = i (target). */
  readonly intra: { readonly src: Int32Array; readonly dst: Int32Array };
  /** Ligand-pocket pairs under 5 A, both directions. */
  readonly inter: { readonly src: Int32Array; readonly dst: Int32Array };
  readonly diagnostics: readonly Diagnostic[];
}

/** Ligand-pocket distance below which GIGN adds a non-covalent edge (strict). */
export const GIGN_INTER_CUTOFF = 5;

/**
 * Build GIGN's graph for a protein (whole or pocket, PDB or PDBQT) and one ligand record (SDF, MOL2, PDB, PDBQT),
 * exactly as GIGN's preprocessing (PyMOL pocket, Open Babel, RDKit) and `mols2graphs` do.
 *
 * @example
 * const protein = await readProtein('protein.pdb');
 * const [ligand] = (await readLigands('ligand.sdf')).records;
 * const g = buildGignGraph(protein, ligand!);
 */
export function buildGignGraph(protein: PdbStructure, ligand: LigandRecord): GignGraph {
  const diagnostics: Diagnostic[] = [];
  const lig = openBabelView(ligand);
  if (lig.atoms.count === 0)
    throw new FeaturiseError('FEATURISE_EMPTY_LIGAND', `ligand ${ligand.name} has no heavy atoms`);
  if (lig.kekulizeFailed)
    diagnostics.push({
      severity: 'warning',
      code: 'GIGN_KEKULIZE_FAILED',
      message: `aromatic bonds of ${ligand.name} have no Kekule form; unresolved ones stay single (as Open Babel)`,
      record: ligand.index,
    });
  const heavy = heavyCoords(ligand);
  const pocket = cutPocket(protein, heavy);
  if (pocket.atoms.count === 0)
    throw new FeaturiseError(
      protein.atoms.count === 0 ? 'FEATURISE_EMPTY_POCKET' : 'FEATURISE_LIGAND_FAR',
      protein.atoms.count === 0
        ? `${protein.source}: the protein has no atoms`
        : `${protein.source}: no protein atom within 5 A of ligand ${ligand.name}`,
    );
  const ligPos = asPdbCoordinates(lig.atoms.coords, true);
  const pocPos = asPdbCoordinates(pocket.atoms.coords, true);
  const ligMol = read({ ...lig.atoms, coords: Float32Array.from(ligPos) }, lig.conect, (a) => ({
    molecule: 'ligand',
    index: Number(lig.sourceIndex[a]),
    name: ligand.name,
  }));
  const pocMol = read({ ...pocket.atoms, coords: Float32Array.from(pocPos) }, pocket.conect, (a) => ({
    molecule: 'pocket',
    index: Number(pocket.sourceIndex[a]),
    serial: pocket.serial[a],
    name: pocket.atoms.name[a],
    resName: pocket.atoms.resName[a],
    resSeq: protein.atoms.resSeq[pocket.sourceIndex[a]!],
    chain: protein.atoms.chainID[pocket.sourceIndex[a]!],
  }));
  const nl = lig.atoms.count,
    np = pocket.atoms.count;
  const x = new Float32Array((nl + np) * GIGN_ATOM_FEATURES);
  for (let a = 0; a < nl; a++) writeAtomFeatures(ligMol, a, x, a * GIGN_ATOM_FEATURES);
  for (let a = 0; a < np; a++) writeAtomFeatures(pocMol, a, x, (nl + a) * GIGN_ATOM_FEATURES);
  const pos = new Float32Array(3 * (nl + np));
  pos.set(ligPos);
  pos.set(pocPos, 3 * nl);
  return {
    numLigandAtoms: nl,
    numPocketAtoms: np,
    x,
    pos,
    intra: covalentEdges(ligMol, pocMol),
    inter: contactEdges(ligPos, pocPos),
    diagnostics,
  };
}

// Bond perception of a coordinate-only ligand runs the proximity search, which refuses piled-up coordinates.
function openBabelView(ligand: LigandRecord): ReturnType<typeof obabelLigand> {
  try {
    return obabelLigand(ligand);
  } catch (e) {
    if (!isChemistryError(e)) throw e;
    throw new FeaturiseError('FEATURISE_CROWDED', `ligand ${ligand.name}: atom ${e.atom}: ${e.message}`, {
      cause: e,
      details: { molecule: 'ligand', index: e.atom, name: ligand.name },
    });
  }
}

function heavyCoords(ligand: LigandRecord): Float32Array {
  const out: number[] = [];
  for (let a = 0; a < ligand.atoms.count; a++)
    if (ligand.atoms.atomicNumber[a] !== 1)
      out.push(ligand.atoms.coords[3 * a]!, ligand.atoms.coords[3 * a + 1]!, ligand.atoms.coords[3 * a + 2]!);
  return Float32Array.from(out);
}

function read(
  atoms: PdbMoleculeAtoms,
  conect: readonly ConectLink[],
  where: (a: number) => Record<string, unknown>,
): SanitizedMol {
  try {
    return sanitize(pdbMolecule(atoms, conect));
  } catch (e) {
    if (!isChemistryError(e)) throw e;
    const at = where(e.atom);
    const pocket = at['molecule'] === 'pocket';
    const label = pocket
      ? `${String(at['resName'])} ${String(at['chain'])}${String(at['resSeq'])} ${String(at['name'])} (serial ${String(at['serial'])})`
      : `atom ${String(at['index'])} of ${String(at['name'])}`;
    if (e.code === 'CHEM_CROWDED')
      throw new FeaturiseError('FEATURISE_CROWDED', `${String(at['molecule'])}: ${label}: ${e.message}`, {
        cause: e,
        details: at,
      });
    throw new FeaturiseError(
      pocket ? 'FEATURISE_SANITIZE_POCKET' : 'FEATURISE_SANITIZE_LIGAND',
      `RDKit would reject the ${String(at['molecule'])} (the original pipeline drops this complex): ${label}: ${e.message}`,
      { cause: e, details: at },
    );
  }
}

function covalentEdges(lig: SanitizedMol, poc: SanitizedMol): { src: Int32Array; dst: Int32Array } {
  const nb = lig.graph.bondCount + poc.graph.bondCount;
  const src = new Int32Array(2 * nb),
    dst = new Int32Array(2 * nb);
  let e = 0;
  const add = (m: SanitizedMol, off: number) => {
    for (let b = 0; b < m.graph.bondCount; b++) {
      const i = m.graph.bondBegin[b]! + off,
        j = m.graph.bondEnd[b]! + off;
      src[e] = i;
      dst[e++] = j;
      src[e] = j;
      dst[e++] = i;
    }
  };
  add(lig, 0);
  add(poc, lig.graph.atomCount);
  return { src, dst };
}

function contactEdges(lig: Float64Array, poc: Float64Array): { src: Int32Array; dst: Int32Array } {
  const nl = lig.length / 3,
    np = poc.length / 3;
  const cells = new CellList(Float32Array.from(poc), GIGN_INTER_CUTOFF + 0.01);
  const idx = new Uint32Array(np),
    d2s = new Float64Array(np);
  const src: number[] = [],
    dst: number[] = [];
  const r2 = GIGN_INTER_CUTOFF * GIGN_INTER_CUTOFF;
  for (let l = 0; l < nl; l++) {
    const x = lig[3 * l]!,
      y = lig[3 * l + 1]!,
      z = lig[3 * l + 2]!;
    const m = cells.collectWithin(x, y, z, GIGN_INTER_CUTOFF + 0.01, idx, d2s);
    for (let k = 0; k < m; k++) {
      const p = idx[k]!;
      const dx = x - poc[3 * p]!,
        dy = y - poc[3 * p + 1]!,
        dz = z - poc[3 * p + 2]!;
      if (dx * dx + dy * dy + dz * dz < r2) {
        src.push(l, nl + p);
        dst.push(nl + p, l);
      }
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}
