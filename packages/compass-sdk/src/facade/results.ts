/** What `createCompass` returns: predictions in pK, and which tier served them and why earlier tiers were skipped. */

/** The tiers of the fallback chain, in order. */
export type CompassTier = 'remote' | 'in-process' | 'empirical';

/** Why the chain moved past a tier. */
export interface TierFallback {
  readonly tier: CompassTier;
  /** `no-endpoints`, `breaker-open`, `deadline`, `bulkhead`, `unavailable` (not configured or failed to load) or `error`. */
  readonly reason: string;
  /** The failure's message. */
  readonly message: string;
  /** The failure's code, when it had one. */
  readonly code?: string;
}

/** Which tier answered and what was skipped on the way. */
export interface ServedBy {
  readonly tier: CompassTier;
  /** The server URL (remote), the predictor's name (in-process) or `vina-1.2` (empirical). */
  readonly servedBy: string;
  /** Earlier tiers that failed or were skipped, in order; empty when the first tier answered. */
  readonly fallbacks: readonly TierFallback[];
}

/** One predicted ligand record. */
export interface CompassPrediction {
  /** Record index in the ligand file. */
  readonly index: number;
  /** Record name (SDF title), or the caller's label. */
  readonly name: string;
  /** Predicted pK = -log10(Kd or Ki in M). */
  readonly pK: number;
  /** Standard deviation in pK, when the tier estimates one. */
  readonly uncertainty: number | null;
  readonly warnings: readonly string[];
  /** Each ensemble member's pK (ensemble models only, e.g. the three published GIGN runs of the default). */
  readonly members?: readonly { readonly model: string; readonly pK: number }[];
}

/** Result of `compass.predict`. */
export interface CompassPredictResult extends ServedBy {
  readonly unit: 'pK';
  /** Model id (remote and in-process) or the empirical scorer's name. */
  readonly model: string;
  readonly predictions: readonly CompassPrediction[];
}

/** One item's outcome in `compass.batch`. */
export type CompassBatchItemResult =
  | { readonly id: string; readonly ok: true; readonly predictions: readonly CompassPrediction[] }
  | {
      readonly id: string;
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string };
    };

/** Result of `compass.batch`. */
export interface CompassBatchResult extends ServedBy {
  readonly unit: 'pK';
  readonly model: string;
  readonly results: readonly CompassBatchItemResult[];
}
