/** Prometheus metrics: HTTP requests and latency, plus named hooks for predictions, batches, queue time and jobs. */
import { type NextFunction, type Request, type Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the server exposes, on its own registry (so several apps can live in one process).
 * Inference and training code record into the named hooks.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'compass_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpLatency = new Histogram({
    name: 'compass_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** Hook: one per predicted complex, by model. */
  readonly predictions = new Counter({
    name: 'compass_predictions_total',
    help: 'Complexes scored, by model',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  /** Hook: one per inference batch, by model. */
  readonly batches = new Histogram({
    name: 'compass_prediction_batch_size',
    help: 'Complexes per inference batch',
    labelNames: ['model'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  /** Hook: time a prediction or task waited in a queue before work began. */
  readonly queueSeconds = new Histogram({
    name: 'compass_queue_wait_seconds',
    help: 'Time spent queued before work began, by kind (prediction, training)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  /** Training task transitions into each state. */
  readonly trainingJobs = new Counter({
    name: 'compass_training_jobs_total',
    help: 'Training tasks entering each state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  /** Hook: set to 1 for the execution provider the engine runs on (cpu, cuda, webgpu). */
  readonly executionProvider = new Gauge({
    name: 'compass_execution_provider_info',
    help: 'Execution provider in use (value 1)',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Middleware recording each request's count and latency under its route pattern (not the raw URL). */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.httpLatency.startTimer();
      res.on('finish', () => {
        const pattern = (req.route as { path?: string } | undefined)?.path;
        const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
        const labels = { method: req.method, route, status: String(res.statusCode) };
        this.httpRequests.inc(labels);
        end(labels);
      });
      next();
    };
  }
}
