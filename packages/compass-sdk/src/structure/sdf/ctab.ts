/** Connection-table readers for one molfile record: V2000 fixed columns and V3000 `M  V30` lines. */
import { atomicNumber, normaliseElement } from '../elements.js';
import { coordinateProblem, isCoordinateInRange } from '../coordinate-limit.js';
import { ParseError } from '../errors.js';
import type { MoleculeAtoms, MoleculeBonds } from '../molecule.js';

/** Where the record sits, for error messages. */
export interface CtabContext {
  readonly source: string;
  readonly record: number;
  /** 0-based index into the file's lines of the record's first line. */
  readonly offset: number;
}

/** A connection table and the line index just past it (the line after `M  END`). */
export interface Ctab {
  readonly atoms: MoleculeAtoms;
  readonly bonds: MoleculeBonds;
  readonly end: number;
}

function fail(
  code: 'PARSE_BAD_COORDINATE' | 'PARSE_BAD_COUNTS' | 'PARSE_TRUNCATED' | 'PARSE_BAD_RECORD',
  message: string,
  ctx: CtabContext,
  i: number,
): never {
  throw new ParseError(code, message, { source: ctx.source, line: i + 1, record: ctx.record });
}

function num(raw: string | undefined, what: string, ctx: CtabContext, i: number): number {
  const t = (raw ?? '').trim();
  const v = t === '' ? Number.NaN : Number(t);
  const why = Number.isNaN(v) ? 'not a number' : coordinateProblem(v);
  if (why !== undefined)
    fail(
      'PARSE_BAD_COORDINATE',
      `expected a coordinate for ${what}, got "${t.slice(0, 40)}" (${why})`,
      ctx,
      i,
    );
  return v;
}

// A count cannot exceed the lines left to hold its rows: refuse "999999999 atoms" before allocating for them.
function fits(n: number, available: number, what: string, ctx: CtabContext, i: number): void {
  if (n > available)
    fail('PARSE_BAD_COUNTS', `counts line says ${n} ${what} but only ${available} lines follow`, ctx, i);
}

// Number('') is 0: a blank field must not read as a coordinate of 0.
function strictNumber(raw: string): number {
  const t = raw.trim();
  return t === '' ? Number.NaN : Number(t);
}

function count(raw: string | undefined, what: string, ctx: CtabContext, i: number): number {
  const t = (raw ?? '').trim();
  if (!/^\d+$/.test(t))
    fail('PARSE_BAD_COUNTS', `expected a count of ${what}, got "${t.slice(0, 40)}"`, ctx, i);
  return Number(t);
}

function line(lines: readonly string[], i: number, what: string, ctx: CtabContext): string {
  const l = lines[i];
  if (l === undefined || l.startsWith('$$$$'))
    fail('PARSE_TRUNCATED', `record ends early; expected ${what}`, ctx, i);
  return l;
}

// V2000 charge column: 1 = +3, 2 = +2, 3 = +1, 4 = doublet radical, 5 = -1, 6 = -2, 7 = -3.
const V2000_CHARGE = [0, 3, 2, 1, 0, -1, -2, -3];

/** Read a V2000 connection table whose counts line is at `lines[i]`. */
export function readV2000(lines: readonly string[], i: number, ctx: CtabContext): Ctab {
  const counts = lines[i]!;
  const nAtoms = count(counts.slice(0, 3), 'atoms (columns 1-3 of the counts line)', ctx, i);
  const nBonds = count(counts.slice(3, 6), 'bonds (columns 4-6 of the counts line)', ctx, i);
  const coords = new Float32Array(nAtoms * 3);
  const element: string[] = [];
  const z = new Uint8Array(nAtoms);
  const formalCharge = new Int8Array(nAtoms);
  for (let a = 0; a < nAtoms; a++) {
    const li = i + 1 + a;
    const l = line(lines, li, `atom ${a + 1} of ${nAtoms}`, ctx);
    if (l.startsWith('M  '))
      fail('PARSE_BAD_COUNTS', `counts line says ${nAtoms} atoms but the atom block has ${a}`, ctx, li);
    // Fixed columns per the spec; whitespace tokens as a fallback for writers that misalign wide coordinates.
    let x = strictNumber(l.slice(0, 10)),
      y = strictNumber(l.slice(10, 20)),
      zz = strictNumber(l.slice(20, 30));
    let sym = l.slice(31, 34).trim();
    if (!(isCoordinateInRange(x) && isCoordinateInRange(y) && isCoordinateInRange(zz))) {
      const t = l.trim().split(/\s+/);
      x = num(t[0], 'atom x', ctx, li);
      y = num(t[1], 'atom y', ctx, li);
      zz = num(t[2], 'atom z', ctx, li);
      sym = t[3] ?? '';
    }
    coords[3 * a] = x;
    coords[3 * a + 1] = y;
    coords[3 * a + 2] = zz;
    element.push(normaliseElement(sym));
    z[a] = atomicNumber(sym);
    formalCharge[a] = V2000_CHARGE[Number(l.slice(36, 39)) || 0] ?? 0;
  }
  const from = new Uint32Array(nBonds);
  const to = new Uint32Array(nBonds);
  const order = new Uint8Array(nBonds);
  for (let b = 0; b < nBonds; b++) {
    const li = i + 1 + nAtoms + b;
    const l = line(lines, li, `bond ${b + 1} of ${nBonds}`, ctx);
    if (l.startsWith('M  '))
      fail('PARSE_BAD_COUNTS', `counts line says ${nBonds} bonds but the bond block has ${b}`, ctx, li);
    let a1 = Number(l.slice(0, 3)),
      a2 = Number(l.slice(3, 6)),
      t = Number(l.slice(6, 9));
    if (!(a1 > 0 && a2 > 0)) {
      const tk = l.trim().split(/\s+/);
      a1 = Number(tk[0]);
      a2 = Number(tk[1]);
      t = Number(tk[2]);
    }
    if (!(Number.isInteger(a1) && Number.isInteger(a2) && a1 >= 1 && a2 >= 1 && a1 <= nAtoms && a2 <= nAtoms))
      fail(
        'PARSE_BAD_RECORD',
        `bond ${b + 1} joins atoms "${l.slice(0, 6).trim()}"; expected two atom numbers in 1..${nAtoms}`,
        ctx,
        li,
      );
    from[b] = a1 - 1;
    to[b] = a2 - 1;
    order[b] = t >= 1 && t <= 4 ? t : 0;
  }
  let j = i + 1 + nAtoms + nBonds;
  let chargesSeen = false;
  for (; ; j++) {
    const l = line(lines, j, '"M  END"', ctx);
    if (l.startsWith('M  END')) break;
    if (l.startsWith('M  CHG')) {
      // M  CHG replaces every charge from the atom block (CTfile spec).
      if (!chargesSeen) formalCharge.fill(0);
      chargesSeen = true;
      const t = l.slice(6).trim().split(/\s+/).map(Number);
      for (let k = 1; k + 1 < t.length; k += 2) {
        const idx = t[k]! - 1;
        if (idx >= 0 && idx < nAtoms && Number.isFinite(t[k + 1])) formalCharge[idx] = t[k + 1]!;
      }
    }
  }
  return {
    atoms: { count: nAtoms, coords, element, atomicNumber: z, formalCharge },
    bonds: { count: nBonds, from, to, order },
    end: j + 1,
  };
}

/** Read V3000 lines after the counts line at `lines[i]` (joining `-` continuations) up to `M  END`. */
export function readV3000(lines: readonly string[], i: number, ctx: CtabContext): Ctab {
  const v30: { text: string; at: number }[] = [];
  let j = i + 1;
  for (; ; j++) {
    let l = line(lines, j, '"M  END"', ctx);
    if (l.startsWith('M  END')) break;
    if (!l.startsWith('M  V30 ')) continue;
    const at = j;
    let text = l.slice(7);
    while (text.endsWith('-')) {
      j++;
      l = line(lines, j, 'a V3000 continuation line', ctx);
      text = text.slice(0, -1) + l.replace(/^M {2}V30 /, '');
    }
    v30.push({ text: text.trim(), at });
  }
  const countsLine = v30.find((v) => v.text.startsWith('COUNTS'));
  if (!countsLine) fail('PARSE_BAD_COUNTS', 'V3000 record without "M  V30 COUNTS"', ctx, i);
  const ct = countsLine.text.split(/\s+/);
  const nAtoms = count(ct[1], 'atoms in M  V30 COUNTS', ctx, countsLine.at);
  const nBonds = count(ct[2], 'bonds in M  V30 COUNTS', ctx, countsLine.at);
  fits(nAtoms + nBonds, v30.length, 'atoms and bonds (V3000 lines)', ctx, countsLine.at);
  const coords = new Float32Array(nAtoms * 3);
  const element: string[] = [];
  const z = new Uint8Array(nAtoms);
  const formalCharge = new Int8Array(nAtoms);
  const from = new Uint32Array(nBonds);
  const to = new Uint32Array(nBonds);
  const order = new Uint8Array(nBonds);
  let block = '';
  let na = 0;
  let nb = 0;
  for (const { text, at } of v30) {
    if (text.startsWith('BEGIN ')) block = text.slice(6).trim();
    else if (text.startsWith('END ')) block = '';
    else if (block === 'ATOM') {
      if (na >= nAtoms) fail('PARSE_BAD_COUNTS', `more atoms than the ${nAtoms} in COUNTS`, ctx, at);
      const t = text.split(/\s+/);
      coords[3 * na] = num(t[2], 'atom x', ctx, at);
      coords[3 * na + 1] = num(t[3], 'atom y', ctx, at);
      coords[3 * na + 2] = num(t[4], 'atom z', ctx, at);
      element.push(normaliseElement(t[1] ?? ''));
      z[na] = atomicNumber(t[1] ?? '');
      const chg = /\bCHG=(-?\d+)/.exec(text);
      formalCharge[na] = chg ? Number(chg[1]) : 0;
      na++;
    } else if (block === 'BOND') {
      if (nb >= nBonds) fail('PARSE_BAD_COUNTS', `more bonds than the ${nBonds} in COUNTS`, ctx, at);
      const t = text.split(/\s+/).map(Number);
      const a1 = t[2]!,
        a2 = t[3]!;
      if (!(
        a1 >= 1 &&
        a2 >= 1 &&
        a1 <= nAtoms &&
        a2 <= nAtoms &&
        Number.isInteger(a1) &&
        Number.isInteger(a2)
      ))
        fail(
          'PARSE_BAD_RECORD',
          `bond joins atoms ${t[2]} and ${t[3]}; expected atom numbers in 1..${nAtoms}`,
          ctx,
          at,
        );
      from[nb] = a1 - 1;
      to[nb] = a2 - 1;
      order[nb] = t[1]! >= 1 && t[1]! <= 4 ? t[1]! : 0;
      nb++;
    }
  }
  if (na !== nAtoms)
    fail('PARSE_BAD_COUNTS', `COUNTS says ${nAtoms} atoms but the ATOM block has ${na}`, ctx, countsLine.at);
  if (nb !== nBonds)
    fail('PARSE_BAD_COUNTS', `COUNTS says ${nBonds} bonds but the BOND block has ${nb}`, ctx, countsLine.at);
  return {
    atoms: { count: nAtoms, coords, element, atomicNumber: z, formalCharge },
    bonds: { count: nBonds, from, to, order },
    end: j + 1,
  };
}
