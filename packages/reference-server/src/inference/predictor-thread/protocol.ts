/** Messages between the server and its prediction threads (the built-in Vina scorer or a model package). */
import { type AffinityPrediction, type ComplexInput } from '@compass/sdk/engine';

/** What a thread predicts with: the built-in Vina scorer, or a model package opened with the sdk's loadPredictor. */
export type ThreadModel =
  | { readonly kind: 'vina' }
  | {
      readonly kind: 'package';
      readonly dir: string;
      readonly options: {
        readonly provider?: 'cpu' | 'cuda';
        readonly maxBatchSize?: number;
        readonly maxQueueDelayMs?: number;
      };
    };

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
