// book 4.4.1: gradient descent on x0^2 + x1^2 from (-3, 4), with a good, a too large and a too
// small learning rate.

import { gradientDescent } from '../nn/numerical.js';
import { function2 } from './book-functions.js';

export interface DescentRun {
  lr: number;
  steps: number;
  init: number[];
  x: number[];
  /** the point before each step, starting at init */
  path: number[][];
}

export interface DescentSettings {
  lr: number;
  steps: number;
  init: number[];
}

/** The book's three runs: lr 0.1, 10 and 1e-10, 100 steps each from (-3, 4). */
export const BOOK_DESCENT_RUNS: readonly DescentSettings[] = [0.1, 10, 1e-10].map((lr) => ({
  lr,
  steps: 100,
  init: [-3, 4],
}));

export function descentRun({ lr, steps, init }: DescentSettings): DescentRun {
  const { x, path } = gradientDescent(function2, init, lr, steps);
  return { lr, steps, init: [...init], x: Array.from(x), path: path.map((p) => Array.from(p)) };
}

/**
 * Why a diverged run freezes: once |x| is so large that x + h rounds back to x (h = 1e-4 is
 * below half a unit in the last place), f(x + h) - f(x - h) is 0 and so is every later step.
 */
export function isFrozen(x: readonly number[], h = 1e-4): boolean {
  return x.every((v) => v + h === v && v - h === v);
}

export type DescentOutcome =
  'converged' | 'frozen' | 'diverged' | 'overflowed' | 'stalled' | 'moving';

/**
 * What happened to a run, for the line of explanation beside it: it reached the minimum, blew
 * up (and froze, see isFrozen), overflowed to inf or nan, barely left its start, or is still
 * on its way.
 */
export function descentOutcome(run: DescentRun): DescentOutcome {
  const size = Math.hypot(...run.x);
  const start = Math.hypot(...run.init);
  const moved = Math.hypot(...run.x.map((v, i) => v - run.init[i]));
  if (!run.x.every(Number.isFinite)) return 'overflowed';
  if (size > 10 * Math.max(start, 1)) {
    return isFrozen(run.x) ? 'frozen' : 'diverged';
  }
  if (size < 1e-6) return 'converged';
  if (moved < 1e-6 * Math.max(start, 1)) return 'stalled';
  return 'moving';
}
