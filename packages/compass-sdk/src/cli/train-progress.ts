/**
 * The progress display of the training commands that run one SDK training call (rf-score, gign fine-tuning): a
 * bar on a terminal, else a line every tenth of the run, and the run's log lines on stderr.
 */
import { SingleBar } from 'cli-progress';
import type { RunEvent } from '../training/events.js';
import { type CliIO, processIO } from './io.js';
import { fmt } from './metrics-text.js';

/** What {@link trainProgress} returns: the run's event sink and a stop for the bar. */
export interface TrainProgress {
  readonly onEvent: (e: RunEvent) => void;
  /** Clears the bar (call before printing the result or an error). */
  stop(): void;
}

/**
 * Shows a run's `step` events as a bar (`label |bar| % | ETA | step | loss`) on a terminal, or a line per tenth of
 * the run otherwise; `log` events go to stderr (info lines only without a bar).
 *
 * @example
 * const p = trainProgress(io, 'train');
 * await runRfScoreTraining({ ...o, onEvent: p.onEvent });
 * p.stop();
 */
export function trainProgress(io: CliIO, label: string, unit = 'step'): TrainProgress {
  const tty = io === processIO && process.stderr.isTTY === true;
  const bar = tty
    ? new SingleBar({
        format: `${label} |{bar}| {percentage}% | ETA {eta_formatted} | ${unit} {step} | loss {loss}`,
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  let started = false;
  let tenth = 0;
  return {
    onEvent: (e) => {
      if (e.type === 'step') {
        const live = { step: String(e.data.step), loss: fmt(e.data.loss, 4) };
        if (bar && !started) {
          bar.start(1000, 0, live);
          started = true;
        }
        bar?.update(Math.round(e.data.progress * 1000), live);
        if (!bar && Math.floor(e.data.progress * 10) > tenth) {
          tenth = Math.floor(e.data.progress * 10);
          io.err(
            `${unit} ${e.data.step} loss ${fmt(e.data.loss, 4)} (${Math.round(e.data.progress * 100)}%)`,
          );
        }
      } else if (e.type === 'log' && (!bar || e.data.level !== 'info'))
        io.err(`${e.data.level === 'info' ? '' : `${e.data.level}: `}${e.data.message}`);
    },
    stop: () => bar?.stop(),
  };
}

/** An AbortController aborted by the first SIGINT on `signals` (the listener is removed by `off`). */
export function sigintAbort(
  signals: NodeJS.EventEmitter,
  io: CliIO,
  what: string,
): { signal: AbortSignal; off: () => void } {
  const ac = new AbortController();
  const onSigint = () => {
    io.err(`\nstopping after the current ${what}...`);
    ac.abort(new Error('stopped by Ctrl-C'));
  };
  signals.on('SIGINT', onSigint);
  return { signal: ac.signal, off: () => signals.off('SIGINT', onSigint) };
}
