// The progress line nn-train redraws on a terminal — how far the run is, the latest batch loss,
// the iteration rate and the time left — and the rate it is computed from. Pure functions of
// their inputs: the terminal reporter feeds them and draws what they return.

import { formatEta } from './duration.js';
import { displayWidth, truncateToWidth } from './text-width.js';

/** How fast the rate estimate forgets: an interval this long ago weighs 1/e of a fresh one. */
export const RATE_TIME_CONSTANT_MS = 3000;

/**
 * Iterations per second, measured and smoothed: an exponential moving average over time. Each
 * interval between two readings adds its iterations and its duration to two running sums, and
 * both sums decay by e^(-Δt / τ) as time passes; the rate is their quotient. So the estimate is
 * the average rate of the recent past, every moment of it weighted by how recent it is (not by
 * how often it was read), and a pause — an evaluation pass on this thread — is spread over the
 * next few seconds rather than swinging the estimate. At the start, with nothing yet forgotten,
 * it is simply iterations over time since the first reading; the first reading only starts the
 * clock, so the setup before the first iteration does not count.
 */
export class RateMeter {
  private iterations = 0;
  private milliseconds = 0;
  private last: { done: number; elapsedMs: number } | undefined;

  constructor(private readonly timeConstantMs = RATE_TIME_CONSTANT_MS) {}

  /** `done` iterations were finished `elapsedMs` after the run started. */
  add(done: number, elapsedMs: number): void {
    if (this.last === undefined) {
      this.last = { done, elapsedMs };
      return;
    }
    const interval = elapsedMs - this.last.elapsedMs;
    // Readings in the same millisecond wait for the next one, which then counts them.
    if (interval <= 0) return;
    const keep = Math.exp(-interval / this.timeConstantMs);
    this.iterations = this.iterations * keep + (done - this.last.done);
    this.milliseconds = this.milliseconds * keep + interval;
    this.last = { done, elapsedMs };
  }

  /** Forgets every reading: the next one starts the clock again. */
  restart(): void {
    this.iterations = 0;
    this.milliseconds = 0;
    this.last = undefined;
  }

  /** Iterations per second, or undefined before two readings. */
  perSecond(): number | undefined {
    return this.milliseconds > 0 ? (this.iterations / this.milliseconds) * 1000 : undefined;
  }

  /** Milliseconds until `total` iterations at the current rate, or undefined if unknown. */
  remainingMs(total: number): number | undefined {
    const rate = this.perSecond();
    if (rate === undefined || rate <= 0 || this.last === undefined) return undefined;
    return (Math.max(0, total - this.last.done) / rate) * 1000;
  }
}

export interface ProgressState {
  /** Iterations finished. */
  done: number;
  total: number;
  /** The latest batch loss. */
  loss?: number;
  /** The smoothed rate, iterations per second. */
  perSecond?: number;
  /** Time left at that rate. */
  remainingMs?: number;
}

/** Room kept for the time left ("59 min 59 s"), so the bar does not jump as it shortens. */
const ETA_WIDTH = 11;
const BAR_MIN = 10;
const BAR_MAX = 40;
const GAP = '  ';

function rateText(perSecond: number | undefined): string {
  if (perSecond === undefined) return '   - it/s';
  return `${perSecond.toFixed(perSecond < 10 ? 2 : 0).padStart(4)} it/s`;
}

/**
 * One line of at most `columns - 1` columns (the last column is left free, so no terminal wraps
 * it): `iter  600/1801  ██████░░░░  33%  loss 0.5254  524 it/s  ETA 3 s`. The bar takes what
 * room is left, up to 40 columns; when even 10 do not fit, the rate goes, then the loss, then
 * the bar, and the count and the time left stay.
 */
export function progressLine(state: ProgressState, columns: number): string {
  const room = Math.max(1, columns - 1);
  const totalText = String(state.total);
  const count = `iter ${String(state.done).padStart(totalText.length)}/${totalText}`;
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  // Once every iteration is done nothing is left to estimate (the last evaluation may still run).
  const isDone = state.done >= state.total;
  const eta = isDone
    ? ''
    : `ETA ${state.remainingMs === undefined ? '-' : formatEta(state.remainingMs)}`;
  const loss =
    state.loss === undefined ? 'loss      -' : `loss ${state.loss.toFixed(4).padStart(6)}`;
  const choices = [[loss, rateText(state.perSecond)], [loss], []];
  for (const optional of choices) {
    const tail = [percent, ...optional, eta.padEnd(4 + ETA_WIDTH)].join(GAP);
    const barRoom = room - displayWidth(count) - displayWidth(tail) - 2 * GAP.length;
    if (barRoom >= BAR_MIN) {
      const width = Math.min(BAR_MAX, barRoom);
      const filled = Math.floor(fraction * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      return [count, bar, percent, ...optional, eta].join(GAP).trimEnd();
    }
  }
  return truncateToWidth([count, percent, eta].join(GAP).trimEnd(), room);
}
