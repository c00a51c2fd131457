/** Element symbols and atomic numbers, and the rule that infers an element from a PDB atom name. */

// Index = atomic number; index 0 is the unknown element "X" (dummy atoms, lone pairs, unknown types).
const SYMBOLS = (
  'X H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu ' +
  'Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr'
).split(' ');

const BY_UPPER = new Map<string, number>(SYMBOLS.map((s, z) => [s.toUpperCase(), z]));

/** The element symbol of atomic number `z` ("X" when out of range). */
export function elementSymbol(z: number): string {
  return SYMBOLS[z] ?? 'X';
}

/** Atomic number of a symbol in any case ("CL", "cl", "Cl" -> 17); 0 when unknown. Deuterium counts as H. */
export function atomicNumber(symbol: string): number {
  const u = symbol.trim().toUpperCase();
  if (u === 'D') return 1;
  return BY_UPPER.get(u) ?? 0;
}

/** Normalise a symbol's case ("CL" -> "Cl"); unknown symbols become "X". */
export function normaliseElement(symbol: string): string {
  return elementSymbol(atomicNumber(symbol));
}

// Two-letter elements that appear as PDB atom names in columns 13-14 (metal ions and halogens in HETATM groups).
const TWO_LETTER_NAMES = new Set([
  'CL',
  'BR',
  'FE',
  'ZN',
  'MG',
  'MN',
  'CA',
  'NA',
  'CU',
  'CO',
  'NI',
  'CD',
  'HG',
  'SE',
  'LI',
  'AL',
  'SR',
  'BA',
  'CS',
  'RB',
  'PT',
  'AU',
  'AG',
  'PB',
  'GA',
  'AS',
  'IR',
  'OS',
  'RU',
  'RH',
  'PD',
  'YB',
  'SM',
  'EU',
  'GD',
  'TB',
  'MO',
  'TL',
  'SI',
  'KR',
  'XE',
]);

/**
 * Infer an element from a PDB atom name (columns 13-16) when columns 77-78 are blank. The PDB convention
 * right-justifies one-letter elements in columns 13-14, so " CA " is carbon alpha and "CA  " is calcium; a name
 * starting with a digit ("1HB ") or an H in column 13 with four characters ("HB12") is hydrogen.
 */
export function elementFromAtomName(rawName: string, isHetatm: boolean): string {
  const name = rawName.padEnd(4, ' ');
  const two = name.slice(0, 2).trim().toUpperCase();
  if (name[0] !== ' ' && /[A-Za-z]/.test(name[0]!) && isHetatm && TWO_LETTER_NAMES.has(two))
    return normaliseElement(two);
  const letters = name.replace(/[^A-Za-z]/g, '').toUpperCase();
  if (letters.length === 0) return 'X';
  const first = letters[0]!;
  if (first === 'H' || first === 'D') return 'H';
  if (atomicNumber(first) > 0) return normaliseElement(first);
  // Misaligned metal names (" ZN ") have no one-letter reading; try the two letters.
  return atomicNumber(letters.slice(0, 2)) > 0 ? normaliseElement(letters.slice(0, 2)) : 'X';
}

/** Elements treated as metal ions when deciding what counts as "ions" in pocket extraction. */
export const ION_ELEMENTS: ReadonlySet<string> = new Set([
  'Li',
  'Na',
  'K',
  'Rb',
  'Cs',
  'Mg',
  'Ca',
  'Sr',
  'Ba',
  'Mn',
  'Fe',
  'Co',
  'Ni',
  'Cu',
  'Zn',
  'Cd',
  'Hg',
  'Al',
  'Ga',
  'Cl',
  'Br',
  'I',
  'F',
]);
