/** Messages between {@link SessionWorker} and its worker thread. */
import type { TensorMap } from './host-tensor.js';
import type { ProviderName, ProviderWarning, SessionSettings } from './providers.js';

/** Request from the caller's thread. */
export type WorkerRequest =
  | {
      readonly id: number;
      readonly type: 'open';
      readonly onnx: Uint8Array;
      readonly settings: SessionSettings;
    }
  | { readonly id: number; readonly type: 'run'; readonly session: number; readonly feeds: TensorMap }
  | { readonly id: number; readonly type: 'release'; readonly session: number };

/** Reply from the worker. */
export type WorkerReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly session?: number;
      readonly provider?: ProviderName;
      readonly warnings?: readonly ProviderWarning[];
      readonly inputNames?: readonly string[];
      readonly outputNames?: readonly string[];
      readonly outputs?: TensorMap;
    }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };
