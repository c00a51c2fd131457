/** The heatmap's colour scale: viridis stops and the value range, computed as the web console computes it. */

/** The viridis stops the console uses (perceptually uniform, readable in greyscale), as RGB. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [65, 68, 135],
  [42, 120, 142],
  [34, 168, 132],
  [122, 209, 81],
  [253, 231, 37],
];

/** The colour of `t` in 0..1 on the viridis ramp (clamped); light grey for a failed cell (`null`). */
export function rampColour(t: number | null): [number, number, number] {
  if (t === null || !Number.isFinite(t)) return [238, 238, 238];
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** The range the colours span, and whether values lie beyond it (they take the end colours). */
export interface ColourRange {
  readonly min: number;
  readonly max: number;
  readonly clippedLow: boolean;
  readonly clippedHigh: boolean;
  /** Where `v` falls in 0..1 (clamped; 0.5 when all values are equal). */
  position(v: number): number;
}

/**
 * The colour range of `values` (finite ones; null when there are none). With five or more values it spans the
 * 10th to 90th percentile, so one wild value (a clashing pose) cannot wash out the rest; fewer span min to max.
 */
export function colourRange(values: readonly number[]): ColourRange | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const quantile = (q: number) => sorted[Math.round(q * (sorted.length - 1))]!;
  let min = sorted.length >= 5 ? quantile(0.1) : sorted[0]!;
  let max = sorted.length >= 5 ? quantile(0.9) : sorted[sorted.length - 1]!;
  if (!(max > min)) {
    min = sorted[0]!;
    max = sorted[sorted.length - 1]!;
  }
  return {
    min,
    max,
    clippedLow: sorted[0]! < min,
    clippedHigh: sorted[sorted.length - 1]! > max,
    position: (v) => (max > min ? Math.min(1, Math.max(0, (v - min) / (max - min))) : 0.5),
  };
}
