/**
 * RF-Score v1 features (Ballester & Mitchell 2010, as GIGN computed them with ODDT): 36 counts of protein-ligand
 * heavy-atom pairs of given elements within 12 A. The protein atoms near the ligand are gathered (one scan of the
 * file, or a receptor's grid cells) and counted by the kernel of pair-kernel.ts.
 */
import type { LigandRecord } from '../structure/formats.js';
import type { MoleculeAtoms } from '../structure/molecule.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { RfScoreError } from './errors.js';
import { CUTOFF, PROTEIN_SLOT, countGathered, gather, prepareLigand, scratch } from './pair-kernel.js';

/** Version tag of the feature rule; a model card's `architecture.features` names it. */
export const RFSCORE_FEATURES_VERSION = 'rfscore-v1';
/** Ligand elements counted, by atomic number, in column order: C, N, O, F, P, S, Cl, Br, I. */
export const RFSCORE_LIGAND_ELEMENTS: readonly number[] = [6, 7, 8, 9, 15, 16, 17, 35, 53];
/** Protein elements counted, by atomic number, in column order: C, N, O, S. */
export const RFSCORE_PROTEIN_ELEMENTS: readonly number[] = [6, 7, 8, 16];
/** Pair distance cutoff in Angstrom; a pair at exactly this distance counts. */
export const RFSCORE_CUTOFF = CUTOFF;
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

// Grid cells of 4 A: a pose's box grown by 12 A spans about 10 x 9 x 8 cells, read as one atom range per row.
const CELL_SIZE = 4;
// Most cells a receptor grid may have; a protein spread wider gets larger cells.
const MAX_CELLS = 1 << 21;

/**
 * A protein prepared for RF-Score counting: its C, N, O and S atoms (every ATOM and HETATM record, waters
 * included) sorted into a grid of 4 A cells, x fastest, so the atoms of a row of cells are one contiguous range.
 * Prepare once, then count many ligands or poses against it.
 *
 * @example
 * const receptor = RfScoreReceptor.fromPdb(parsePdb(readFileSync('1a61_protein.pdb')));
 * const f = receptor.features(parseSdf(readFileSync('1a61_ligand.sdf')).records[0]!);
 */
export class RfScoreReceptor {
  private constructor(
    private readonly origin: readonly [number, number, number],
    private readonly dims: readonly [number, number, number],
    private readonly cell: number,
    /** First atom of each cell; `start[cells]` is the atom count. */
    private readonly start: Int32Array,
    private readonly x: Float64Array,
    private readonly y: Float64Array,
    private readonly z: Float64Array,
    private readonly slot: Uint8Array,
  ) {}

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
    const kept: number[] = [];
    const lo = [Infinity, Infinity, Infinity],
      hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < atomicNumber.length; i++) {
      if (PROTEIN_SLOT[atomicNumber[i]!]! < 0) continue;
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
        if (v < lo[d]!) lo[d] = v;
        if (v > hi[d]!) hi[d] = v;
      }
      kept.push(i);
    }
    const n = kept.length;
    if (n === 0) {
      lo.fill(0);
      hi.fill(0);
    }
    let cell = CELL_SIZE;
    const dimsOf = (c: number) =>
      [0, 1, 2].map((d) => Math.floor((hi[d]! - lo[d]!) / c) + 1) as [number, number, number];
    let dims = dimsOf(cell);
    while (dims[0] * dims[1] * dims[2] > MAX_CELLS) dims = dimsOf((cell *= 2));
    const cellOf = new Int32Array(n);
    const start = new Int32Array(dims[0] * dims[1] * dims[2] + 1);
    for (let k = 0; k < n; k++) {
      const i = kept[k]!;
      const c = index(
        dims,
        cellIndex(coords[3 * i]!, lo[0]!, cell, dims[0]),
        cellIndex(coords[3 * i + 1]!, lo[1]!, cell, dims[1]),
        cellIndex(coords[3 * i + 2]!, lo[2]!, cell, dims[2]),
      );
      cellOf[k] = c;
      start[c + 1]!++;
    }
    for (let c = 0; c < start.length - 1; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, -1);
    const x = new Float64Array(n),
      y = new Float64Array(n),
      z = new Float64Array(n),
      slot = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = kept[k]!,
        at = fill[cellOf[k]!]!++;
      x[at] = coords[3 * i]!;
      y[at] = coords[3 * i + 1]!;
      z[at] = coords[3 * i + 2]!;
      slot[at] = PROTEIN_SLOT[atomicNumber[i]!]!;
    }
    return new RfScoreReceptor([lo[0]!, lo[1]!, lo[2]!], dims, cell, start, x, y, z, slot);
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
    const lig = prepareLigand(atoms.coords, atoms.atomicNumber, atoms.count);
    scratch.reset(this.slot.length);
    if (lig.count > 0) {
      const { origin, dims, cell, start, x, y, z, slot } = this;
      const b = lig.box,
        c = RFSCORE_CUTOFF;
      // Cells that may hold an atom of the box grown by 12 A: floor is monotonic, so none is missed.
      const ix0 = cellIndex(b[0]! - c, origin[0], cell, dims[0]),
        ix1 = cellIndex(b[3]! + c, origin[0], cell, dims[0]);
      const iy0 = cellIndex(b[1]! - c, origin[1], cell, dims[1]),
        iy1 = cellIndex(b[4]! + c, origin[1], cell, dims[1]);
      const iz0 = cellIndex(b[2]! - c, origin[2], cell, dims[2]),
        iz1 = cellIndex(b[5]! + c, origin[2], cell, dims[2]);
      for (let iz = iz0; iz <= iz1; iz++)
        for (let iy = iy0; iy <= iy1; iy++) {
          const end = start[index(dims, ix1, iy, iz) + 1]!;
          for (let a = start[index(dims, ix0, iy, iz)]!; a < end; a++)
            gather(b, x[a]!, y[a]!, z[a]!, slot[a]!);
        }
    }
    return countGathered(f);
  }
}

/** The cell of coordinate `v` along one axis, clamped to the grid. */
function cellIndex(v: number, origin: number, cell: number, n: number): number {
  const i = Math.floor((v - origin) / cell);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

function index(dims: readonly [number, number, number], ix: number, iy: number, iz: number): number {
  return ix + dims[0] * (iy + dims[1] * iz);
}

/**
 * The RF-Score v1 features of one complex: for ligand element i of {@link RFSCORE_LIGAND_ELEMENTS} and protein
 * element j of {@link RFSCORE_PROTEIN_ELEMENTS}, `f[4 i + j]` counts the pairs within 12 A (inclusive). The protein
 * is the whole file (waters and HETATM groups included); hydrogens never count.
 *
 * One pass over the protein gathers the atoms within 12 A of the ligand's box and counts their pairs; for many
 * ligands or poses against one protein, {@link RfScoreReceptor} bins the protein once instead.
 *
 * @example
 * const f = rfScoreFeatures(parsePdb(proteinText), parseSdf(ligandText).records[0]!);
 * console.log(f[0]); // ligand C - protein C pairs
 * @throws {RfScoreError} RFSCORE_BAD_INPUT when a counted atom has a non-finite coordinate.
 */
export function rfScoreFeatures(protein: PdbStructure, ligand: LigandRecord | MoleculeAtoms): Float64Array {
  const atoms = 'atoms' in ligand ? ligand.atoms : ligand;
  const { coords, atomicNumber } = protein.atoms;
  const source = protein.source;
  const f = new Float64Array(RFSCORE_FEATURE_COUNT);
  const lig = prepareLigand(atoms.coords, atoms.atomicNumber, atoms.count);
  const n = atomicNumber.length;
  scratch.reset(n);
  const b = lig.box,
    c = RFSCORE_CUTOFF;
  const gx0 = b[0]! - c,
    gy0 = b[1]! - c,
    gz0 = b[2]! - c,
    gx1 = b[3]! + c,
    gy1 = b[4]! + c,
    gz1 = b[5]! + c;
  for (let j = 0; j < n; j++) {
    const x = coords[3 * j]!,
      y = coords[3 * j + 1]!,
      z = coords[3 * j + 2]!;
    // Inside the grown box (a NaN never is) and counted, or else a counted atom only has to be finite. The box
    // test comes first: most atoms fail it, and it is better predicted than the element test (H and heavy atoms
    // alternate in the file).
    if (x >= gx0 && x <= gx1 && y >= gy0 && y <= gy1 && z >= gz0 && z <= gz1) {
      const s = PROTEIN_SLOT[atomicNumber[j]!]!;
      if (s >= 0) gather(b, x, y, z, s);
    } else if (!Number.isFinite(x + y + z) && PROTEIN_SLOT[atomicNumber[j]!]! >= 0)
      throw new RfScoreError('RFSCORE_BAD_INPUT', `${source}: atom ${j + 1} has a non-finite coordinate`, {
        details: { source, atom: j },
      });
  }
  return lig.count > 0 ? countGathered(f) : f;
}
