/** Endpoints: what the balancer routes to, built from registry instances or given as a static list. */
import type { Instance } from '@compass/registry-sdk';

/** One routable endpoint. `weight` is relative (default 1); `instance` is kept when it came from the registry. */
export interface Endpoint {
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  readonly instance?: Instance;
}

/** A static endpoint as a caller writes it: a URL, optionally an id and a weight. */
export type EndpointInput = string | { readonly url: string; readonly id?: string; readonly weight?: number };

/** Normalises a static endpoint; the id defaults to the URL. */
export function toEndpoint(input: EndpointInput): Endpoint {
  if (typeof input === 'string') return { id: input, url: input, weight: 1 };
  return { id: input.id ?? input.url, url: input.url, weight: positive(input.weight) ?? 1 };
}

/**
 * Weight of a registry instance: `metadata.weight` when it parses as a positive number (operators set it without
 * re-registering), else `Instance.weight`, else 1.
 */
export function instanceWeight(instance: Instance): number {
  return positive(Number(instance.metadata['weight'])) ?? positive(instance.weight) ?? 1;
}

/** True when an instance may receive new work: passing and not draining. */
export function isRoutable(instance: Instance): boolean {
  return instance.status === 'passing' && !instance.draining;
}

/** Converts a registry instance; its URL is `url` when registered, else `http://address:port`. */
export function endpointFromInstance(instance: Instance): Endpoint {
  const url =
    instance.url ?? `http://${instance.address}${instance.port === undefined ? '' : `:${instance.port}`}`;
  return { id: instance.id, url, weight: instanceWeight(instance), instance };
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}
