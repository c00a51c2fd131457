/** Registers this server in a registry through the v0 API (so v0 clients discover it), with heartbeats. */
import { type Logger } from 'pino';

/** Where to register and under which name. */
export interface V0RegistrationOptions {
  /** Registry base URL (ours with `--v0-api`, or the original Python registry). */
  readonly url: string;
  /** v0 service name (default `compass-service`, what FLASH-DOCK discovers). */
  readonly serviceName?: string;
  /** Heartbeat interval (default 15 s). */
  readonly heartbeatMs?: number;
  /** Timeout of each registry call (default 5 s). */
  readonly timeoutMs?: number;
}

/** A live v0 registration. */
export interface V0SelfRegistration {
  /** The v0 service id, once registered. */
  readonly serviceId: () => string | undefined;
  /** Resolves after the first registration attempt (successful or not). */
  readonly ready: Promise<void>;
  /** Stops the heartbeats and deregisters (best effort). */
  close(): Promise<void>;
}

/**
 * Registers `{service_name, host, port, metadata, version}` and heartbeats every `heartbeatMs`; a heartbeat answered
 * 404 (the registry forgot us, e.g. after a restart) registers again. Failures are logged and retried on the next
 * beat, never thrown.
 */
export function registerSelfV0(
  options: V0RegistrationOptions,
  advertised: { readonly host: string; readonly port: number },
  info: { readonly version: string; readonly metadata: Record<string, unknown> },
  logger?: Logger,
): V0SelfRegistration {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  let serviceId: string | undefined;
  let closed = false;
  const post = (path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const register = async () => {
    const res = await post('/api/v1/services/register', {
      service_name: options.serviceName ?? 'compass-service',
      host: advertised.host,
      port: advertised.port,
      metadata: info.metadata,
      version: info.version,
    });
    if (!res.ok) throw new Error(`register answered HTTP ${res.status}: ${await res.text()}`);
    serviceId = ((await res.json()) as { service_id: string }).service_id;
    logger?.info({ serviceId, registry: base }, 'registered through the v0 API');
  };
  const beat = async () => {
    if (closed) return;
    try {
      if (!serviceId) return await register();
      const res = await post(`/api/v1/services/${encodeURIComponent(serviceId)}/heartbeat`);
      await res.body?.cancel();
      if (res.status === 404) await register();
      else if (!res.ok) throw new Error(`heartbeat answered HTTP ${res.status}`);
    } catch (err) {
      logger?.warn({ err: (err as Error).message, registry: base }, 'v0 registry call failed');
    }
  };
  const ready = beat();
  const timer = setInterval(() => void beat(), options.heartbeatMs ?? 15_000);
  timer.unref();
  return {
    serviceId: () => serviceId,
    ready,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await ready;
      if (!serviceId) return;
      await fetch(`${base}/api/v1/services/${encodeURIComponent(serviceId)}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(2000),
      }).then(
        (r) => r.body?.cancel(),
        () => undefined,
      );
    },
  };
}
