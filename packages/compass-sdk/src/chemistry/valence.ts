/** Explicit and implicit valence exactly as RDKit 2022.09's `Atom::calcExplicitValence` / `calcImplicitValence`. */
import { ChemistryError } from './errors.js';
import { valenceContribution, BondType, type Adjacency, type MolGraph } from './mol-graph.js';
import { defaultValence, valenceList } from './periodic-table.js';

/** Per-atom state the valence rules read. */
export interface ValenceInput {
  readonly g: MolGraph;
  readonly adj: Adjacency;
  /** Current bond types (aromaticity perception rewrites them). */
  readonly bondType: Uint8Array;
  readonly aromatic: Uint8Array;
  readonly explicitHs: Uint8Array;
}

// RDKit treats a charged atom as its isoelectronic neighbour (N+ -> C, O- -> F) when looking up valences.
function effectiveZ(z: number, charge: number): number {
  return charge < z ? z - charge : 0;
}

/** The explicit valence of atom `a`; with `strict`, throws CHEM_VALENCE above the highest allowed valence. */
export function explicitValence(s: ValenceInput, a: number, strict: boolean): number {
  const { g, adj } = s;
  let accum = 0;
  for (let k = adj.start[a]!; k < adj.start[a + 1]!; k++)
    accum += valenceContribution(s.bondType[adj.bond[k]!]!);
  accum += s.explicitHs[a]!;
  const z = g.atomicNumber[a]!;
  const ez = effectiveZ(z, g.formalCharge[a]!);
  const dv = defaultValence(ez);
  if (accum > dv && s.aromatic[a]) {
    // An aromatic atom above its default valence takes the closest allowed valence below (c1cccn1C: 4 -> 3).
    let pval = dv;
    for (const v of valenceList(ez)) {
      if (v === -1 || v > accum) break;
      pval = v;
    }
    if (accum - pval <= 1.5) accum = pval;
  }
  const res = Math.round(accum + 0.1);
  if (strict) {
    const vl = valenceList(ez);
    const max = vl[vl.length - 1]!;
    if (max > 0 && res > max)
      throw new ChemistryError(
        'CHEM_VALENCE',
        `explicit valence ${res} of atom ${a} (Z ${z}, charge ${g.formalCharge[a]}) is greater than permitted`,
        a,
      );
  }
  return res;
}

/** The implicit valence (implicit H count) of atom `a` given its explicit valence `ev`. */
export function implicitValence(s: ValenceInput, a: number, ev: number, strict: boolean): number {
  const z = s.g.atomicNumber[a]!;
  const charge = s.g.formalCharge[a]!;
  if (z === 0) return 0;
  if (ev === 0 && z === 1) {
    if (charge === 0) return 1;
    if (charge === 1 || charge === -1 || !strict) return 0;
    throw new ChemistryError('CHEM_HYDROGEN_CHARGE', `unreasonable formal charge on hydrogen ${a}`, a);
  }
  if (defaultValence(z) === -1) return 0;
  const ez = effectiveZ(z, charge);
  const dv = defaultValence(ez);
  if (dv === -1) return 0;
  const vl = valenceList(ez);
  if (s.aromatic[a]) {
    if (ev <= dv) return dv - ev;
    if (strict && !vl.some((v) => v > 0 && v === ev))
      throw new ChemistryError(
        'CHEM_AROMATIC_VALENCE',
        `explicit valence ${ev} of aromatic atom ${a} is not an accepted valence`,
        a,
      );
    return 0;
  }
  for (const v of vl) {
    if (v < 0) break;
    if (ev <= v) return v - ev;
  }
  if (strict && vl[vl.length - 1] !== -1)
    throw new ChemistryError(
      'CHEM_VALENCE',
      `explicit valence ${ev} of atom ${a} (Z ${z}, charge ${charge}) is greater than permitted`,
      a,
    );
  return 0;
}

/** Bonds of atom `a` of type ZERO (links that count in the degree but not in the valence). */
export function zeroBondCount(s: Pick<ValenceInput, 'adj' | 'bondType'>, a: number): number {
  let n = 0;
  for (let k = s.adj.start[a]!; k < s.adj.start[a + 1]!; k++)
    if (s.bondType[s.adj.bond[k]!] === BondType.ZERO) n++;
  return n;
}
