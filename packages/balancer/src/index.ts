/** Public surface of @compass/balancer: client-side load balancing for COMPASS. */
export const VERSION = '0.1.0';

export { Balancer } from './balancer.js';
export type {
  BalancerOptions,
  BalancerState,
  BulkheadOptions,
  CallOptions,
  HedgeOptions,
  RetryOptions,
} from './balancer-options.js';
export type { BalancerEvents } from './events.js';
export type { BalancerMetricsSnapshot, EndpointMetrics } from './metrics.js';
export { endpointFromInstance, instanceWeight, isRoutable, toEndpoint } from './endpoint.js';
export type { Endpoint, EndpointInput } from './endpoint.js';
export { EndpointStats } from './endpoint-stats.js';
export type { EwmaOptions } from './endpoint-stats.js';
export type { Transport } from './transport.js';
export { classifyNetworkError, httpTransport, parseRetryAfter } from './http-transport.js';
export type { HttpRequest, HttpResponse, HttpTransportOptions } from './http-transport.js';
export { FallbackChain, balancerTarget, skipReason } from './fallback-chain.js';
export type { FallbackContext, FallbackEvents, FallbackResult, FallbackTarget } from './fallback-chain.js';
export {
  PICKER_NAMES,
  createPicker,
  leastConnectionsPicker,
  p2cPicker,
  peakEwmaPicker,
  randomPicker,
  roundRobinPicker,
  weightedRoundRobinPicker,
} from './pickers/index.js';
export type { Picker, PickerName, PickerOptions } from './pickers/index.js';
export { EndpointBreaker } from './policies/circuit-breaker.js';
export type {
  BreakerMode,
  BreakerOptions,
  BreakerSnapshot,
  BreakerState,
} from './policies/circuit-breaker.js';
export { OutlierDetector } from './policies/outlier-detector.js';
export type { OutlierListener, OutlierOptions } from './policies/outlier-detector.js';
export { RetryBudget } from './policies/retry-budget.js';
export type { RetryBudgetOptions } from './policies/retry-budget.js';
export { fullJitterBackoff } from './policies/backoff.js';
export type { BackoffOptions, BackoffSequence } from './policies/backoff.js';
export { defaultFailurePredicate } from './policies/failure-predicate.js';
export type { FailurePredicate } from './policies/failure-predicate.js';
export { seededRandom, seededShuffle, shuffleInPlace } from './random.js';
export type { RandomSource } from './random.js';
export {
  BALANCER_ERROR_CODES,
  BalancerError,
  isBalancerError,
  isRetryable,
} from './errors/balancer-error.js';
export type { BalancerErrorCode, BalancerErrorOptions } from './errors/balancer-error.js';
export {
  AbortedError,
  BulkheadRejectedError,
  CircuitOpenError,
  DeadlineExceededError,
  FallbackExhaustedError,
  NoEndpointError,
  TransportError,
  isRetryableStatus,
} from './errors/errors.js';
export type {
  SkipReason,
  SkippedTarget,
  TransportErrorOptions,
  TransportFailureKind,
} from './errors/errors.js';
