/** Sessions: one interface, run in this thread ({@link createLocalSession}) or in a worker. */
import type * as ort from 'onnxruntime-node';
import { RuntimeError } from './errors.js';
import { type TensorMap, fromOrt, toOrt } from './host-tensor.js';
import { type ProviderName, type ProviderWarning, type SessionSettings, openSession } from './providers.js';

/** A loaded model that maps named input tensors to named output tensors. */
export interface ModelSession {
  /** The provider that actually runs this session. */
  readonly provider: ProviderName;
  /** Fallback warnings raised while creating it (one per provider that was missing). */
  readonly warnings: readonly ProviderWarning[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the model once. */
  run(feeds: TensorMap): Promise<TensorMap>;
  /** Frees the native session. */
  release(): Promise<void>;
}

/**
 * Creates a session in the calling thread. `run()` blocks this thread while it computes; servers and long
 * training runs should use {@link SessionWorker} instead.
 */
export async function createLocalSession(
  model: Uint8Array,
  settings: SessionSettings = {},
): Promise<ModelSession> {
  const opened = await openSession(model, settings);
  return new LocalSession(opened.session, opened.provider, opened.warnings);
}

class LocalSession implements ModelSession {
  private released = false;
  constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
    readonly warnings: readonly ProviderWarning[],
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: TensorMap): Promise<TensorMap> {
    if (this.released) throw new RuntimeError('RUNTIME_CLOSED', 'session was released');
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [k, t] of Object.entries(feeds)) ortFeeds[k] = toOrt(t);
    let out: ort.InferenceSession.ReturnType;
    try {
      out = await this.session.run(ortFeeds);
    } catch (e) {
      throw new RuntimeError('RUNTIME_RUN_FAILED', `run failed: ${(e as Error).message}`, { cause: e });
    }
    const res: TensorMap = {};
    for (const [k, t] of Object.entries(out)) res[k] = fromOrt(t);
    return res;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
