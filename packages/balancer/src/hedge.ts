/** Hedged attempts: after a delay, race a second endpoint; the first success wins and the others are cancelled. */
import { linkSignal } from './abort.js';

/** What {@link hedged} needs from the balancer. */
export interface HedgeRun<P, Res> {
  readonly delayMs: number;
  /** First attempt plus hedges. */
  readonly maxAttempts: number;
  readonly signal: AbortSignal;
  /** Picks an endpoint (throws a typed error when none is left); a hedge must get an endpoint not yet tried. */
  readonly select: (isHedge: boolean) => P;
  readonly send: (picked: P, signal: AbortSignal, isHedge: boolean) => Promise<Res>;
}

/**
 * Runs the first attempt at once and a hedge every `delayMs` while none has succeeded. Resolves with the first
 * success and aborts the others; rejects with the last failure once every started attempt failed and no hedge
 * can start. Timers and listeners are released on settle.
 */
export function hedged<P, Res>(run: HedgeRun<P, Res>): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    const controllers: AbortController[] = [];
    const unlinks: (() => void)[] = [];
    let pending = 0;
    let started = 0;
    let settled = false;
    let lastError: unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const finish = (winner: AbortController | undefined, ok: boolean, value?: Res) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const c of controllers) if (c !== winner) c.abort();
      for (const u of unlinks) u();
      if (ok) resolve(value as Res);
      else reject(lastError);
    };

    const schedule = () => {
      if (started < run.maxAttempts) timer = setTimeout(() => launch(true), run.delayMs);
    };

    const launch = (isHedge: boolean) => {
      if (settled) return;
      let picked: P;
      try {
        picked = run.select(isHedge);
      } catch (e) {
        // No other endpoint for the hedge: the attempts in flight carry on alone.
        if (pending === 0) {
          lastError = e;
          finish(undefined, false);
        }
        return;
      }
      const controller = new AbortController();
      controllers.push(controller);
      unlinks.push(linkSignal(run.signal, controller));
      started++;
      pending++;
      run.send(picked, controller.signal, isHedge).then(
        (value) => finish(controller, true, value),
        (e: unknown) => {
          pending--;
          if (settled) return;
          lastError = e;
          if (run.signal.aborted || pending === 0) finish(undefined, false);
        },
      );
      schedule();
    };

    launch(false);
  });
}
