/** How the examples print a prediction: `pK ± sd` when the model estimates an uncertainty, and its members. */

/** One ensemble member's pK, as a prediction's `details.members` lists them. */
export interface MemberPK {
  readonly model: string;
  readonly pK: number;
}

/** `7.08 ± 0.12`, or `7.08` without an uncertainty. */
export function formatPK(
  p: { readonly pK: number; readonly uncertainty: number | null },
  digits = 2,
): string {
  return p.uncertainty === null
    ? p.pK.toFixed(digits)
    : `${p.pK.toFixed(digits)} ± ${p.uncertainty.toFixed(digits)}`;
}

/**
 * The members of an ensemble prediction (`details.members`: `{ model, pK }` each); empty for a single model or
 * when the prediction carries no details. Read structurally, so it works whether or not the SDK's type names them.
 */
export function predictionMembers(p: object): MemberPK[] {
  const details = (p as { details?: unknown }).details;
  const members =
    typeof details === 'object' && details !== null ? (details as { members?: unknown }).members : [];
  if (!Array.isArray(members)) return [];
  return members.filter(
    (m): m is MemberPK =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as MemberPK).model === 'string' &&
      typeof (m as MemberPK).pK === 'number',
  );
}
