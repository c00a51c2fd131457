/** The hostile suite's probe: sends one input, checks the answer is typed, and measures event-loop delay and RSS. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { ERROR_STATUS } from '../../src/errors.js';

/** Longest wait for one answer: a request still unanswered after this is a violation (the server hung on it). */
const REQUEST_TIMEOUT_MS = 8000;

/** One input that broke a promise: the route, the input's name, and what went wrong. */
export interface Violation {
  readonly route: string;
  readonly input: string;
  readonly problem: string;
}

/** Figures per route. */
export interface RouteCounts {
  inputs: number;
  readonly statuses: Record<number, number>;
}

/** The request a probe sends. */
export interface ProbeRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
}

/**
 * Sends inputs one at a time to a live server and records, for each, whether the answer was a 2xx or a typed 4xx
 * (an error envelope whose code is a server code answered with its own status), the event loop's longest delay
 * while it was handled, and the process RSS after it. Unhandled errors (`uncaughtException`,
 * `unhandledRejection`) raised meanwhile are violations too.
 */
export class HostileProbe {
  readonly counts: Record<string, RouteCounts> = {};
  readonly violations: Violation[] = [];
  /** Longest event-loop delay seen, in ms, and the input that caused it. */
  maxDelayMs = 0;
  maxDelayInput = '';
  /** The five inputs with the longest event-loop delays (ms, input). */
  readonly slowest: [number, string][] = [];
  readonly rssStartMiB = process.memoryUsage().rss / 2 ** 20;
  rssMaxMiB = this.rssStartMiB;
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly crashes: unknown[] = [];
  private lastText = '';
  private readonly onCrash = (e: unknown) => void this.crashes.push(e);

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {
    this.histogram.enable();
    process.on('uncaughtException', this.onCrash);
    process.on('unhandledRejection', this.onCrash);
  }

  /** Sends `req` as input `name` of `route`; returns the status. */
  async send(route: string, name: string, req: ProbeRequest): Promise<number> {
    const counts = (this.counts[route] ??= { inputs: 0, statuses: {} });
    counts.inputs++;
    this.histogram.reset();
    const crashesBefore = this.crashes.length;
    let status = 0;
    try {
      const res = await fetch(`${this.baseUrl}${req.path}`, {
        method: req.method ?? 'POST',
        headers: { authorization: `Bearer ${this.token}`, ...req.headers },
        ...(req.body !== undefined ? { body: req.body as BodyInit } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = res.status;
      const text = await res.text();
      this.lastText = text;
      const problem = this.check(status, text);
      if (problem) this.violations.push({ route, input: name, problem });
    } catch (e) {
      // The connection failed: only acceptable when the server closed it on an oversize or broken body.
      this.violations.push({ route, input: name, problem: `request failed: ${(e as Error).message}` });
    }
    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
    if (process.env.HOSTILE_TRACE)
      console.log(`${route} ${name} -> ${status} ${this.lastText.slice(0, 120)}`);
    const delayMs = this.histogram.max / 1e6;
    this.slowest.push([delayMs, `${route} ${name}`]);
    this.slowest.sort((a, b) => b[0] - a[0]).splice(5);
    if (delayMs > this.maxDelayMs) {
      this.maxDelayMs = delayMs;
      this.maxDelayInput = `${route} ${name}`;
    }
    this.rssMaxMiB = Math.max(this.rssMaxMiB, process.memoryUsage().rss / 2 ** 20);
    for (const e of this.crashes.slice(crashesBefore))
      this.violations.push({ route, input: name, problem: `unhandled error: ${(e as Error)?.message ?? e}` });
    return status;
  }

  private check(status: number, text: string): string | undefined {
    if (status >= 200 && status < 300) return undefined;
    if (status < 400 || status >= 500) return `status ${status}: ${text.slice(0, 200)}`;
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    } catch {
      return `status ${status} without a JSON envelope: ${text.slice(0, 200)}`;
    }
    if (typeof code !== 'string' || !(code in ERROR_STATUS))
      return `status ${status} with unknown code ${String(code)}`;
    const expected = ERROR_STATUS[code as keyof typeof ERROR_STATUS];
    return expected === status ? undefined : `code ${code} answered ${status}, not ${expected}`;
  }

  /** Stops measuring and detaches the crash listeners. */
  stop(): void {
    this.histogram.disable();
    process.off('uncaughtException', this.onCrash);
    process.off('unhandledRejection', this.onCrash);
  }

  /** The figures as printable lines. */
  report(): string {
    const lines = Object.entries(this.counts).map(
      ([route, c]) =>
        `  ${route.padEnd(22)} ${String(c.inputs).padStart(4)} inputs  statuses ${Object.entries(c.statuses)
          .map(([s, n]) => `${s}x${n}`)
          .join(' ')}`,
    );
    const total = Object.values(this.counts).reduce((a, c) => a + c.inputs, 0);
    return [
      `hostile-input suite: ${total} inputs, ${this.violations.length} violations`,
      ...lines,
      `  max event-loop delay ${this.maxDelayMs.toFixed(1)} ms; slowest: ${this.slowest
        .map(([ms, input]) => `${input} ${ms.toFixed(0)} ms`)
        .join(', ')}`,
      `  RSS ${this.rssStartMiB.toFixed(0)} MiB at start, ${this.rssMaxMiB.toFixed(0)} MiB at most`,
    ].join('\n');
  }
}
