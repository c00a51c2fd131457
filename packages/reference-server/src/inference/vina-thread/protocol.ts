/** Messages between the server and its Vina scoring threads. */
import { type ComplexInput, type AffinityPrediction } from '@compass/sdk';

/** Server -> thread: score these complexes (parsed structures, structured-cloned). */
export interface ScoreRequest {
  readonly id: number;
  readonly inputs: readonly ComplexInput[];
}

/** An error as it crosses the thread boundary: the SDK code when it had one. */
export interface WireError {
  readonly code: string | undefined;
  readonly message: string;
}

/** Thread -> server: one outcome per input, in order. */
export interface ScoreReply {
  readonly id: number;
  readonly outcomes: readonly (
    | { readonly ok: true; readonly prediction: AffinityPrediction }
    | { readonly ok: false; readonly error: WireError }
  )[];
}
