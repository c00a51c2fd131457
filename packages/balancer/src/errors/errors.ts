/** The failure kinds of @compass/balancer, one subclass of {@link BalancerError} each. */
import { isRetryableStatus } from '@compass/registry-sdk';
import { BalancerError, type BalancerErrorOptions } from './balancer-error.js';

/** No eligible endpoint: the list is empty, or every endpoint is draining, unhealthy or full. Never retryable here. */
export class NoEndpointError extends BalancerError {
  readonly code = 'NO_ENDPOINT' as const;
  readonly retryable = false;
}

/** How a transport failure happened; decides whether the endpoint is to blame and whether a request was sent. */
export type TransportFailureKind = 'connection-refused' | 'connection-reset' | 'timeout' | 'status' | 'other';

/** Details a transport gives when it classifies a failure. */
export interface TransportErrorOptions extends BalancerErrorOptions {
  readonly kind: TransportFailureKind;
  /** HTTP (or other protocol) status, when the server answered. */
  readonly status?: number;
  /** Server hint (`Retry-After`) in milliseconds. */
  readonly retryAfterMs?: number;
  /** Override the default retryability (408, 409, 429, 5xx, connection failures and timeouts are retryable; `other` is not). */
  readonly retryable?: boolean;
  /** Id of the endpoint that failed (set by the balancer). */
  readonly endpointId?: string;
}

const CODE_OF_KIND = {
  'connection-refused': 'CONNECTION_REFUSED',
  'connection-reset': 'CONNECTION_RESET',
  timeout: 'TIMEOUT',
  status: 'HTTP_STATUS',
  other: 'TRANSPORT',
} as const;

/** True for the statuses the project retries on: 408, 409, 429 and 5xx (the shared rule of @compass/registry-sdk). */
export { isRetryableStatus };

/** A classified failure of one attempt, raised by a {@link Transport}. */
export class TransportError extends BalancerError {
  readonly code: 'CONNECTION_REFUSED' | 'CONNECTION_RESET' | 'TIMEOUT' | 'HTTP_STATUS' | 'TRANSPORT';
  readonly retryable: boolean;
  readonly kind: TransportFailureKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly endpointId: string | undefined;

  constructor(message: string, options: TransportErrorOptions) {
    super(message, options);
    this.kind = options.kind;
    this.code = CODE_OF_KIND[options.kind];
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.endpointId = options.endpointId;
    this.retryable =
      options.retryable ??
      (options.kind === 'status' ? isRetryableStatus(options.status ?? 0) : options.kind !== 'other');
  }

  /** False only for connection refused: the server never saw the request, so even unsafe calls may be resent. */
  get requestSent(): boolean {
    return this.kind !== 'connection-refused';
  }

  /** A copy naming the endpoint and whether this failure opened its breaker. */
  with(extra: { endpointId?: string; circuitOpen?: boolean }): TransportError {
    return new TransportError(this.message, {
      kind: this.kind,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
      cause: this.cause,
      endpointId: extra.endpointId ?? this.endpointId,
      circuitOpen: extra.circuitOpen ?? this.circuitOpen,
    });
  }
}

/** Every endpoint's breaker is open and none recorded a failure to surface (e.g. state restored from a snapshot). */
export class CircuitOpenError extends BalancerError {
  readonly code = 'CIRCUIT_OPEN' as const;
  readonly retryable = false;
}

/** A bulkhead (per endpoint or overall) is full and its queue too. Retry later, not now. */
export class BulkheadRejectedError extends BalancerError {
  readonly code = 'BULKHEAD_REJECTED' as const;
  readonly retryable = false;
  constructor(
    message: string,
    readonly scope: 'overall' | 'endpoint',
    options?: BalancerErrorOptions,
  ) {
    super(message, options);
  }
}

/** The call's overall deadline passed; `cause` is the last attempt's failure, if any. */
export class DeadlineExceededError extends BalancerError {
  readonly code = 'DEADLINE_EXCEEDED' as const;
  readonly retryable = false;
}

/** The caller's AbortSignal fired. */
export class AbortedError extends BalancerError {
  readonly code = 'ABORTED' as const;
  readonly retryable = false;
}

/** Why a fallback target was skipped. */
export type SkipReason = 'no-endpoints' | 'breaker-open' | 'deadline' | 'bulkhead' | 'error';

/** One skipped fallback target and the error that made the chain move on. */
export interface SkippedTarget {
  readonly target: string;
  readonly reason: SkipReason;
  readonly error: unknown;
}

/** Every target of a fallback chain failed; `skipped` says why, in order. */
export class FallbackExhaustedError extends BalancerError {
  readonly code = 'FALLBACK_EXHAUSTED' as const;
  readonly retryable = false;
  constructor(
    message: string,
    readonly skipped: readonly SkippedTarget[],
    options?: BalancerErrorOptions,
  ) {
    super(message, options);
  }
}
