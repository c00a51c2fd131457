/** Parses the `wait` query parameter of blocking queries (`500ms`, `30s`, `5m`), Consul style. */

const DURATION = /^(\d{1,9})(ms|s|m)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** Milliseconds in `text`, or undefined when it is not a duration with a unit. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** Formats milliseconds as a `wait` parameter the server accepts. */
export function formatDuration(ms: number): string {
  return `${Math.max(0, Math.round(ms))}ms`;
}
