// How nn-compare's figures tell runs apart and name what they show: matplotlib's colour cycle,
// the markers the book's scripts give each run, the title naming the script that ran, and the
// losses as the book smooths them.

import type { CompareResult, CompareRun, ExperimentName } from '../compare/result.js';
import { smoothCurve } from './smooth-curve.js';
import type { MarkerShape, Stroke } from './svg.js';

/** matplotlib's default cycle ("tab10"), the colours of the book's figures. */
const COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
/** Past ten runs the colours come round again, with another dash. */
const DASHES = [undefined, '6 3', '2 2', '8 3 2 3'];
const MARKERS: readonly MarkerShape[] = ['o', 's', 'D', '^', 'v', 'x'];

/** The markers of optimizer_compare_mnist.py and weight_init_compare.py, by the book's keys. */
const BOOK_MARKERS: Partial<Record<ExperimentName, Record<string, MarkerShape>>> = {
  optimizers: { SGD: 'o', Momentum: 'x', AdaGrad: 's', Adam: 'D' },
  'weight-init': { 'std=0.01': 'o', Xavier: 's', He: 'D' },
};

export interface RunStyle {
  stroke: Stroke;
  marker: MarkerShape;
}

/** The run's colour, dash and marker: the book's marker where its script names one. */
export function runStyle(result: CompareResult, index: number): RunStyle {
  const book = BOOK_MARKERS[result.experiment]?.[result.runs[index].name];
  return {
    stroke: {
      color: COLOURS[index % COLOURS.length],
      dash: DASHES[Math.floor(index / COLOURS.length) % DASHES.length],
      width: 1.5,
      className: 'run',
    },
    marker: book ?? MARKERS[index % MARKERS.length],
  };
}

/** The n-th colour of the cycle, for figures that colour by what is shown rather than by run. */
export function cycleColour(index: number): string {
  return COLOURS[index % COLOURS.length];
}

/** "He", or "lr=10 (diverged at 40)", "SGD (stopped)" where the run did not finish. */
export function runLabel(run: CompareRun): string {
  if (run.status === 'diverged') {
    return run.divergedAt === undefined
      ? `${run.name} (diverged)`
      : `${run.name} (diverged at ${run.divergedAt})`;
  }
  return run.status === 'interrupted' ? `${run.name} (stopped)` : run.name;
}

const SCRIPTS: Record<ExperimentName, { script: string; figure: string } | undefined> = {
  optimizers: { script: 'optimizer_compare_mnist.py', figure: 'Figure 6-9' },
  'weight-init': { script: 'weight_init_compare.py', figure: 'Figure 6-15' },
  'batch-norm': { script: 'batch_norm_test.py', figure: 'Figure 6-18' },
  'weight-decay': { script: 'overfit_weight_decay.py', figure: 'Figures 6-20, 6-21' },
  dropout: { script: 'overfit_dropout.py', figure: 'Figures 6-22, 6-23' },
  hyperparams: { script: 'hyperparameter_optimization.py', figure: 'Figure 6-24' },
  vary: undefined,
};

/**
 * "Figure 6-9: optimizer_compare_mnist.py, seed 0" (", float32" after a --precision f32 run) or
 * "nn-compare --vary: 3 runs, seed 0".
 */
export function figureTitle(result: CompareResult): string {
  const book = SCRIPTS[result.experiment];
  const head = book
    ? `${book.figure}: ${book.script}`
    : `nn-compare --vary: ${result.runs.length} runs`;
  const single = result.precision === 'f32' ? ', float32' : '';
  const stopped = result.status === 'interrupted' ? ' (interrupted)' : '';
  return `${head}, seed ${result.seed}${single}${stopped}`;
}

/**
 * The evaluated set's name in this experiment: the hyperparameter search evaluates on its
 * validation split, batch_norm_test.py on its training samples only.
 */
export function testSetName(result: CompareResult): string {
  if (result.evaluatedOn === 'validation') return 'val';
  return result.evaluatedOn;
}

/** Every k-th point gets a marker, about 20 along a curve (the book's markevery=100 of 2000). */
export function markEvery(points: number): number {
  return Math.max(1, Math.round(points / 20));
}

/** The losses up to the first that is not finite (a diverged run's last), smoothed as the book. */
export function smoothedLosses(run: CompareRun): Float64Array {
  const firstBad = run.losses.findIndex((loss) => !Number.isFinite(loss));
  return smoothCurve(firstBad < 0 ? run.losses : run.losses.slice(0, firstBad));
}

/** The last epoch any run reached (at least 1): the right end of an accuracy axis. */
export function lastEpochOf(result: CompareResult): number {
  return Math.max(1, ...result.runs.flatMap((run) => run.epochs.map((row) => row.epoch)));
}
