/**
 * RF-Score v1 features (Ballester & Mitchell 2010, as GIGN computed them with ODDT): 36 counts of protein-ligand
 * heavy-atom pairs of given elements within 12 A, found with a cell list over the protein.
 */
import { CellList } from '../structure/cell-list.js';
import type { LigandRecord } from '../structure/formats.js';
import type { MoleculeAtoms } from '../structure/molecule.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { RfScoreError } from './errors.js';

/** Version tag of the feature rule; a model card's `architecture.features` names it. */
export const RFSCORE_FEATURES_VERSION = 'rfscore-v1';
/** Ligand elements counted, by atomic number, in column order: C, N, O, F, P, S, Cl, Br, I. */
export const RFSCORE_LIGAND_ELEMENTS: readonly number[] = [6, 7, 8, 9, 15, 16, 17, 35, 53];
/** Protein elements counted, by atomic number, in column order: C, N, O, S. */
export const RFSCORE_PROTEIN_ELEMENTS: readonly number[] = [6, 7, 8, 16];
/** Pair distance cutoff in Angstrom; a pair at exactly this distance counts. */
export const RFSCORE_CUTOFF = 12;
/** Number of features: 9 ligand elements x 4 protein elements. */
export const RFSCORE_FEATURE_COUNT = 36;

const SYMBOL: Readonly<Record<number, string>> = {
  6: 'C',
  7: 'N',
  8: 'O',
  9: 'F',
  15: 'P',
  16: 'S',
  17: 'Cl',
  35: 'Br',
  53: 'I',
};

/**
 * Column names, ligand-major as in GIGN's CSVs: `f(4 i + j)` counts ligand element i against protein element j,
 * so `RFSCORE_FEATURE_NAMES[1]` is `'lig C - prot N'`.
 */
export const RFSCORE_FEATURE_NAMES: readonly string[] = RFSCORE_LIGAND_ELEMENTS.flatMap((l) =>
  RFSCORE_PROTEIN_ELEMENTS.map((p) => `lig ${SYMBOL[l]} - prot ${SYMBOL[p]}`),
);

const LIGAND_SLOT = slotTable(RFSCORE_LIGAND_ELEMENTS);
const PROTEIN_SLOT = slotTable(RFSCORE_PROTEIN_ELEMENTS);

function slotTable(elements: readonly number[]): Int8Array {
  const t = new Int8Array(256).fill(-1);
  elements.forEach((z, i) => (t[z] = i));
  return t;
}

// Cells of a third of the cutoff: a query scans 7^3 small cells (about 2.5x the sphere's volume) instead of 3^3
// cells of the cutoff's size (about 6.4x).
const CELL_SIZE = RFSCORE_CUTOFF / 3;

/**
 * A protein prepared for RF-Score counting: its C, N, O and S atoms (every ATOM and HETATM record, waters
 * included) binned in a cell list. Prepare once, then count many ligands or poses against it.
 *
 * @example
 * const receptor = RfScoreReceptor.fromPdb(parsePdb(readFileSync('1a61_protein.pdb')));
 * const f = receptor.features(parseSdf(readFileSync('1a61_ligand.sdf')).records[0]!);
 */
export class RfScoreReceptor {
  private readonly cells: CellList;
  private readonly slot: Uint8Array;
  private readonly idx: Uint32Array;
  private readonly d2: Float64Array;

  private constructor(coords: Float32Array, slot: Uint8Array) {
    this.cells = new CellList(coords, CELL_SIZE);
    this.slot = slot;
    this.idx = new Uint32Array(slot.length);
    this.d2 = new Float64Array(slot.length);
  }

  /** Counted protein atoms (C, N, O, S). */
  get atomCount(): number {
    return this.slot.length;
  }

  /** Prepare a parsed protein: every atom of the file whose element is C, N, O or S. */
  static fromPdb(protein: PdbStructure): RfScoreReceptor {
    return RfScoreReceptor.fromAtoms(protein.atoms.coords, protein.atoms.atomicNumber, protein.source);
  }

  /**
   * Prepare from columns: coordinates (x, y, z per atom) and atomic numbers.
   *
   * @throws {RfScoreError} RFSCORE_BAD_INPUT when the lengths disagree or a kept coordinate is not finite.
   */
  static fromAtoms(coords: Float32Array, atomicNumber: Uint8Array, source = 'protein'): RfScoreReceptor {
    if (coords.length !== 3 * atomicNumber.length)
      throw new RfScoreError(
        'RFSCORE_BAD_INPUT',
        `${source}: ${coords.length} coordinates for ${atomicNumber.length} atoms`,
      );
    let n = 0;
    for (let i = 0; i < atomicNumber.length; i++) if (PROTEIN_SLOT[atomicNumber[i]!]! >= 0) n++;
    const kept = new Float32Array(3 * n);
    const slot = new Uint8Array(n);
    for (let i = 0, k = 0; i < atomicNumber.length; i++) {
      const s = PROTEIN_SLOT[atomicNumber[i]!]!;
      if (s < 0) continue;
      for (let d = 0; d < 3; d++) {
        const v = coords[3 * i + d]!;
        if (!Number.isFinite(v))
          throw new RfScoreError(
            'RFSCORE_BAD_INPUT',
            `${source}: atom ${i + 1} has a non-finite coordinate`,
            {
              details: { source, atom: i },
            },
          );
        kept[3 * k + d] = v;
      }
      slot[k++] = s;
    }
    return new RfScoreReceptor(kept, slot);
  }

  /**
   * The 36 counts for one ligand (hydrogens and other elements are ignored), ligand-major. Returns a new array
   * unless `out` (length >= 36) is given, which is zeroed and filled.
   *
   * @throws {RfScoreError} RFSCORE_BAD_INPUT when a counted ligand atom has a non-finite coordinate.
   */
  features(ligand: LigandRecord | MoleculeAtoms, out?: Float64Array): Float64Array {
    const atoms = 'atoms' in ligand ? ligand.atoms : ligand;
    const f = out ?? new Float64Array(RFSCORE_FEATURE_COUNT);
    f.fill(0, 0, RFSCORE_FEATURE_COUNT);
    const { coords, atomicNumber } = atoms;
    const r2 = RFSCORE_CUTOFF * RFSCORE_CUTOFF;
    for (let i = 0; i < atoms.count; i++) {
      const l = LIGAND_SLOT[atomicNumber[i]!]!;
      if (l < 0) continue;
      const x = coords[3 * i]!,
        y = coords[3 * i + 1]!,
        z = coords[3 * i + 2]!;
      if (!Number.isFinite(x + y + z))
        throw new RfScoreError('RFSCORE_BAD_INPUT', `ligand atom ${i + 1} has a non-finite coordinate`, {
          details: { atom: i },
        });
      // The cell list keeps d2 <= cutoff^2 on float64 differences of the float32 coordinates, which is exactly
      // ODDT's cdist(...) <= 12 on the same values (a correctly rounded sqrt is monotonic and 12 is exact).
      const n = this.cells.collectWithin(x, y, z, RFSCORE_CUTOFF, this.idx, this.d2);
      const base = 4 * l;
      for (let k = 0; k < n; k++) if (this.d2[k]! <= r2) f[base + this.slot[this.idx[k]!]!]!++;
    }
    return f;
  }
}

/**
 * The RF-Score v1 features of one complex: for ligand element i of {@link RFSCORE_LIGAND_ELEMENTS} and protein
 * element j of {@link RFSCORE_PROTEIN_ELEMENTS}, `f[4 i + j]` counts the pairs within 12 A (inclusive). The protein
 * is the whole file (waters and HETATM groups included); hydrogens never count.
 *
 * One pass over the protein keeps the atoms inside the ligand's box grown by 12 A and counts their pairs; for many
 * ligands or poses against one protein, {@link RfScoreReceptor} bins the protein once instead.
 *
 * @example
 * const f = rfScoreFeatures(parsePdb(proteinText), parseSdf(ligandText).records[0]!);
 * console.log(f[0]); // ligand C - protein C pairs
 * @throws {RfScoreError} RFSCORE_BAD_INPUT when a counted atom has a non-finite coordinate.
 */
export function rfScoreFeatures(protein: PdbStructure, ligand: LigandRecord | MoleculeAtoms): Float64Array {
  return countPairsInBox(
    protein.atoms.coords,
    protein.atoms.atomicNumber,
    'atoms' in ligand ? ligand.atoms : ligand,
    protein.source,
  );
}

function countPairsInBox(
  coords: Float32Array,
  atomicNumber: Uint8Array,
  ligand: MoleculeAtoms,
  source: string,
): Float64Array {
  const f = new Float64Array(RFSCORE_FEATURE_COUNT);
  // The counted ligand atoms, as (x, y, z, 4 * slot) quadruples.
  const lig = new Float64Array(4 * ligand.count);
  let m = 0;
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    z1 = -Infinity;
  for (let i = 0; i < ligand.count; i++) {
    const l = LIGAND_SLOT[ligand.atomicNumber[i]!]!;
    if (l < 0) continue;
    const x = ligand.coords[3 * i]!,
      y = ligand.coords[3 * i + 1]!,
      z = ligand.coords[3 * i + 2]!;
    if (!Number.isFinite(x + y + z))
      throw new RfScoreError('RFSCORE_BAD_INPUT', `ligand atom ${i + 1} has a non-finite coordinate`, {
        details: { atom: i },
      });
    lig[4 * m] = x;
    lig[4 * m + 1] = y;
    lig[4 * m + 2] = z;
    lig[4 * m + 3] = 4 * l;
    m++;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  if (m === 0) return f;
  const c = RFSCORE_CUTOFF,
    r2 = c * c;
  const gx0 = x0 - c,
    gy0 = y0 - c,
    gz0 = z0 - c,
    gx1 = x1 + c,
    gy1 = y1 + c,
    gz1 = z1 + c;
  const n = atomicNumber.length;
  for (let j = 0; j < n; j++) {
    const s = PROTEIN_SLOT[atomicNumber[j]!]!;
    if (s < 0) continue;
    const x = coords[3 * j]!,
      y = coords[3 * j + 1]!,
      z = coords[3 * j + 2]!;
    if (!(x >= gx0 && x <= gx1 && y >= gy0 && y <= gy1 && z >= gz0 && z <= gz1)) {
      if (!Number.isFinite(x + y + z))
        throw new RfScoreError('RFSCORE_BAD_INPUT', `${source}: atom ${j + 1} has a non-finite coordinate`, {
          details: { source, atom: j },
        });
      continue;
    }
    // Distance to the ligand's own box, never more than to any ligand atom (rounding is monotonic): the grown
    // box's corners lie beyond 12 A of every ligand atom.
    const ex = Math.max(x0 - x, 0, x - x1),
      ey = Math.max(y0 - y, 0, y - y1),
      ez = Math.max(z0 - z, 0, z - z1);
    if (ex * ex + ey * ey + ez * ez > r2) continue;
    for (let k = 0; k < 4 * m; k += 4) {
      const dx = lig[k]! - x,
        dy = lig[k + 1]! - y,
        dz = lig[k + 2]! - z;
      // Same rule as the cell list path: float64 differences of float32 coordinates, d2 <= 144.
      if (dx * dx + dy * dy + dz * dz <= r2) f[lig[k + 3]! + s]!++;
    }
  }
  return f;
}
