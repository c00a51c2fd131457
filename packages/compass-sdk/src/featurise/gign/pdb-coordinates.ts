/**
 * Coordinates as the original pipeline's files carry them. Our parsers keep float32; the decimal a file held is
 * recovered as the shortest decimal that rounds to the same float32, and Open Babel's PDB writer rounds it to
 * three decimals (C printf, ties to even on exact ties).
 */

/** The decimal value a float32 coordinate was parsed from (shortest round-tripping decimal). */
export function fileDecimal(f: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const v = Number(f.toPrecision(digits));
    if (Math.fround(v) === f) return v;
  }
  return f;
}

/** `printf("%.3f")` of a double, as a double: the exact binary value rounded, exact ties to even. */
export function printf3(x: number): number {
  // toFixed also rounds the exact value, but breaks exact ties upwards. An exact tie at three decimals needs
  // x = j/16 (2000 = 16 * 125), so only those are checked.
  if (Number.isInteger(x * 16)) {
    const scaled = x * 1000;
    const lo = Math.floor(scaled);
    if (scaled - lo === 0.5) return (lo % 2 === 0 ? lo : lo + 1) / 1000;
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
