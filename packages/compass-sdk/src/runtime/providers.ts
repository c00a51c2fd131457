/** Execution providers: explicit choice, 'auto' fallback, and reporting which provider actually runs. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { RuntimeError } from './errors.js';
import { moduleUrl } from './module-url.js';
import { ortModule } from './ort-loader.js';

/** What the caller asks for. `'auto'` tries CUDA, then WebGPU, then CPU. */
export type ProviderRequest =
  'cpu' | 'cuda' | 'webgpu' | 'auto' | { readonly name: 'cuda'; readonly deviceId: number };

/** A provider that can actually run a session. */
export type ProviderName = 'cpu' | 'cuda' | 'webgpu';

/** Emitted when a requested provider could not be used and a fallback ran instead. */
export interface ProviderWarning {
  readonly code: 'PROVIDER_UNAVAILABLE';
  readonly provider: ProviderName;
  /** The shared library or adapter that was missing. */
  readonly missing: string;
  readonly message: string;
}

/** Session settings. */
export interface SessionSettings {
  readonly provider?: ProviderRequest;
  /** Intra-op threads (default: onnxruntime's choice). */
  readonly intraOpThreads?: number;
  /** Graph optimisation level (default 'all', the production level). */
  readonly optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Set for float64 graphs: disables the float-only QuickGelu fusion that would fail to load. */
  readonly float64?: boolean;
}

/** A created session, the provider that runs it, and any fallback warnings. */
export interface OpenedSession {
  readonly session: ort.InferenceSession;
  readonly provider: ProviderName;
  readonly warnings: readonly ProviderWarning[];
}

function ortBinDir(): string {
  const require = createRequire(moduleUrl());
  const root = dirname(require.resolve('onnxruntime-node/package.json'));
  return join(root, 'bin', 'napi-v6', process.platform, process.arch);
}

/** The first provider library that is not installed, named for the warning. */
function missingCudaLibrary(): string {
  const dir = ortBinDir();
  for (const lib of ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so']) {
    if (!existsSync(join(dir, lib))) return lib;
  }
  return 'CUDA 12 / cuDNN 9 runtime libraries';
}

function candidates(
  req: ProviderRequest,
): { name: ProviderName; ep: ort.InferenceSession.ExecutionProviderConfig }[] {
  const cpu = { name: 'cpu' as const, ep: 'cpu' as const };
  if (req === 'cpu') return [cpu];
  const cuda = {
    name: 'cuda' as const,
    ep: {
      name: 'cuda',
      deviceId: typeof req === 'object' ? req.deviceId : 0,
    } as ort.InferenceSession.ExecutionProviderConfig,
  };
  const webgpu = { name: 'webgpu' as const, ep: 'webgpu' as const };
  if (req === 'webgpu') return [webgpu, cpu];
  if (req === 'auto') return [cuda, webgpu, cpu];
  return [cuda, cpu];
}

/**
 * Creates a session on the requested provider. onnxruntime-node throws (no silent fallback) when a provider
 * library or adapter is missing; each failure becomes one warning and the next candidate is tried, ending on CPU.
 */
export async function openSession(model: Uint8Array, settings: SessionSettings = {}): Promise<OpenedSession> {
  const warnings: ProviderWarning[] = [];
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: settings.optimization ?? 'all',
    ...(settings.intraOpThreads !== undefined ? { intraOpNumThreads: settings.intraOpThreads } : {}),
    ...(settings.float64
      ? { extra: { optimization: { disable_specified_optimizers: 'QuickGeluFusion' } } }
      : {}),
  };
  let lastError: unknown;
  for (const c of candidates(settings.provider ?? 'cpu')) {
    try {
      const session = await ortModule().InferenceSession.create(model, { ...base, executionProviders: [c.ep] });
      return { session, provider: c.name, warnings };
    } catch (e) {
      lastError = e;
      if (c.name === 'cpu') break;
      const missing = c.name === 'cuda' ? missingCudaLibrary() : 'a WebGPU adapter (Vulkan: libvulkan.so.1)';
      warnings.push({
        code: 'PROVIDER_UNAVAILABLE',
        provider: c.name,
        missing,
        message: `${c.name} provider unavailable (missing ${missing}): ${(e as Error).message.split('\n')[0]}`,
      });
    }
  }
  throw new RuntimeError(
    'RUNTIME_SESSION_FAILED',
    `session creation failed: ${(lastError as Error)?.message ?? lastError}`,
    {
      cause: lastError,
    },
  );
}
