/** What the inference service records about its work; the HTTP layer wires it to its Prometheus metrics. */

/**
 * The inference service's observer: a counter of predicted complexes and a histogram of batch sizes, both by model.
 * `ServerMetrics` (prom-client, http/metrics.ts) meets it; tests and embedders may pass their own.
 */
export interface InferenceMetrics {
  /** One per predicted complex. */
  readonly predictions: { inc(labels: { model: string }, value: number): void };
  /** One observation per inference batch: its number of complexes. */
  readonly batches: { observe(labels: { model: string }, value: number): void };
}
