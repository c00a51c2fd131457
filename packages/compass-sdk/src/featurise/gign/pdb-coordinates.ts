/**
 * Coordinates as the original pipeline's files carry them. Our parsers keep float32; the decimal a file held is
 * recovered as the shortest decimal that rounds to the same float32, and Open Babel's PDB writer rounds it to
 * three decimals (C printf, ties to even on exact ties).
 */

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8];

/** The decimal value a float32 coordinate was parsed from: the one with fewest decimals that rounds to it. */
export function fileDecimal(f: number): number {
  // k / 10^d is the double nearest that decimal, as parsing its text would give.
  for (let d = 0; d < POW10.length; d++) {
    const v = Math.round(f * POW10[d]!) / POW10[d]!;
    if (Math.fround(v) === f) return v;
  }
  return f;
}

/** `printf("%.3f")` of a double, as a double: the exact binary value rounded, exact ties to even. */
export function printf3(x: number): number {
  const scaled = x * 1000;
  const frac = scaled - Math.floor(scaled);
  // Far from a half the product's rounding cannot matter; near one, decide on the exact value (toFixed), and on
  // an exact tie (possible only for x = j/16) round to even as C does where toFixed rounds up.
  if (Math.abs(frac - 0.5) > 1e-6) return Math.round(scaled) / 1000;
  if (Number.isInteger(x * 16) && frac === 0.5) {
    const lo = Math.floor(scaled);
    return (lo % 2 === 0 ? lo : lo + 1) / 1000;
  }
  return Number(x.toFixed(3));
}

/** Float64 coordinates of a PDB file written from these float32 values with `%8.3f`. */
export function asPdbCoordinates(coords: Float32Array, rewrite: boolean): Float64Array {
  const out = new Float64Array(coords.length);
  for (let k = 0; k < coords.length; k++) {
    const d = fileDecimal(coords[k]!);
    out[k] = rewrite ? printf3(d) : d;
  }
  return out;
}
