// nn-train --plot: one standalone SVG with the book's two pictures of training side by side —
// the loss of every iteration (fig. 4-11), faint, with a moving average over it, and the train
// and test accuracy of every evaluation (fig. 4-12). When the rows carry the loss over the full
// training and test sets, those two curves join the batch loss, one point per evaluation.

import type { TrainResult } from '../train/trainer.js';
import { networkLabel, optimizerLabel } from './network-label.js';
import type { EpochRow } from './train-terminal.js';
import {
  circle,
  createChart,
  niceDomain,
  placeChart,
  plotPolyline,
  svgDocument,
  text,
  type Chart,
  type LegendEntry,
  type Stroke,
} from './svg.js';

export type TrainingCurves = Pick<
  TrainResult,
  'config' | 'seed' | 'epochs' | 'losses' | 'final' | 'iterationsDone'
>;

export const TRAIN_PLOT_SIZE = { width: 800, height: 500 } as const;
const PANEL_WIDTH = TRAIN_PLOT_SIZE.width / 2;
const HEADER = 28;
const MARGIN = { top: 40, right: 18, bottom: 52, left: 60 };
const Y_TICKS = 5;

// The batch loss in greys, so that blue is the training set and orange the test set in both
// panels.
const RAW_LOSS: Stroke = { color: '#c7c7c7', width: 0.75, className: 'loss-raw' };
const MEAN_LOSS: Stroke = { color: '#525252', width: 2, className: 'loss-mean' };
const TRAIN_SET = { color: '#1f77b4', width: 2 };
const TEST_SET = { color: '#ff7f0e', width: 2, dash: '6 3' };
const TRAIN_ACC: Stroke = { ...TRAIN_SET, className: 'train-acc' };
const TEST_ACC: Stroke = { ...TEST_SET, className: 'test-acc' };
const TRAIN_LOSS: Stroke = { ...TRAIN_SET, className: 'train-loss' };
const TEST_LOSS: Stroke = { ...TEST_SET, className: 'test-loss' };

/** The moving average's window: a fiftieth of the run, so its shape is the same at any length. */
export function smoothingWindow(iterations: number): number {
  return Math.max(1, Math.round(iterations / 50));
}

// values: (n) -> out: (n), out[i] = mean of values[max(0, i - window + 1) .. i]
/** Trailing mean; the first points average what there is, so the curve starts with the data. */
export function movingAverage(values: ArrayLike<number>, window: number): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/**
 * At most two points per pixel column — the lowest and the highest, in iteration order — so
 * 10 000 noisy losses draw the same band as all of them would, at a fiftieth of the file size.
 * Every point kept is a real (iteration, loss) pair.
 */
export function envelope(values: ArrayLike<number>, columns: number): [number, number][] {
  const n = values.length;
  if (n <= 2 * columns) return Array.from(values, (v, i): [number, number] => [i, v]);
  const points: [number, number][] = [];
  for (let c = 0; c < columns; c++) {
    const start = Math.floor((c * n) / columns);
    const end = Math.floor(((c + 1) * n) / columns);
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i] < values[low]) low = i;
      if (values[i] > values[high]) high = i;
    }
    for (const i of low === high ? [low] : [Math.min(low, high), Math.max(low, high)]) {
      points.push([i, values[i]]);
    }
  }
  return points;
}

/** An accuracy point per evaluation, at x = iteration / iterations per epoch (book: epochs). */
export interface AccuracyPoint {
  epoch: number;
  iter: number;
  trainAcc: number;
  testAcc: number;
}

/**
 * The evaluations in order: one per epoch row, plus the final one when the run ended between
 * epochs (the trainer then evaluates once more, and that is the accuracy it reports).
 */
export function accuracyPoints(curves: TrainingCurves): AccuracyPoint[] {
  const { evalEvery } = curves.config;
  const points = curves.epochs.map((row) => ({
    epoch: row.iter / evalEvery,
    iter: row.iter,
    trainAcc: row.trainAcc,
    testAcc: row.testAcc,
  }));
  const lastIter = curves.iterationsDone - 1;
  if (curves.final && points.at(-1)?.iter !== lastIter) {
    points.push({ epoch: lastIter / evalEvery, iter: lastIter, ...curves.final });
  }
  return points;
}

/** The loss over the full sets at an evaluation, at x = the iteration it followed. */
export interface SetLossPoint {
  iter: number;
  trainLoss: number;
  testLoss: number;
}

/**
 * The rows that carry both losses over the full sets, in order: none from a trainer that does
 * not measure them, and none that a diverging network made infinite.
 */
export function setLossPoints(curves: TrainingCurves): SetLossPoint[] {
  return curves.epochs.flatMap(({ iter, trainLoss, testLoss }: EpochRow) =>
    trainLoss !== undefined &&
    testLoss !== undefined &&
    Number.isFinite(trainLoss) &&
    Number.isFinite(testLoss)
      ? [{ iter, trainLoss, testLoss }]
      : [],
  );
}

/** "TwoLayerNet 784-50-10 sigmoid · SGD lr 0.1 · batch 100 · 10000 iterations · seed 0 · 60000/10000 samples" */
export function configTitle(curves: TrainingCurves): string {
  const { config, seed } = curves;
  return [
    networkLabel(config.network),
    optimizerLabel(config.optimizer),
    `batch ${config.batchSize}`,
    `${config.iters} iterations`,
    `seed ${seed}`,
    `${config.trainSize}/${config.testSize} samples`,
  ].join(' · ');
}

interface PanelOptions {
  title: string;
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel: string;
  yLabel: string;
  xTickCount: number;
  legend: LegendEntry[];
}

/** Each panel is half the figure, below the header, its legend above its plot area. */
function panelChart(options: PanelOptions): Chart {
  return createChart({
    ...options,
    width: PANEL_WIDTH,
    height: TRAIN_PLOT_SIZE.height - HEADER,
    margin: MARGIN,
    tickCount: options.xTickCount,
    yTickCount: Y_TICKS,
  });
}

/** A line through a series with a marker at each of its points, in a chart's data units. */
function markedSeries(
  chart: Chart,
  points: readonly (readonly [number, number])[],
  stroke: Stroke,
): string[] {
  if (points.length === 0) return [];
  return [
    plotPolyline(chart, points, stroke),
    ...points.map(([x, y]) =>
      circle(chart.x.map(x), chart.y.map(y), 3, stroke.color, `${stroke.className}-point`),
    ),
  ];
}

function lossPanel(allLosses: Float64Array, setLosses: readonly SetLossPoint[]): string {
  // A diverged run ends in NaN or infinity: draw the losses up to there.
  const firstBad = allLosses.findIndex((loss) => !Number.isFinite(loss));
  const losses = firstBad < 0 ? allLosses : allLosses.subarray(0, firstBad);
  const n = losses.length;
  const window = smoothingWindow(n);
  const mean = movingAverage(losses, window);
  let low = 0;
  let high = n === 0 ? 1 : -Infinity;
  for (let i = 0; i < n; i++) {
    low = Math.min(low, losses[i]);
    high = Math.max(high, losses[i]);
  }
  for (const point of setLosses) {
    high = Math.max(high, point.trainLoss, point.testLoss);
  }
  const last = setLosses.at(-1);
  // A window of one iteration would draw the losses again: then there is no mean to show, and
  // the losses themselves are drawn as boldly as the mean would be.
  const hasMean = window > 1;
  const raw: Stroke = hasMean ? RAW_LOSS : { ...MEAN_LOSS, className: RAW_LOSS.className };
  const chart = panelChart({
    title: 'loss per iteration',
    xDomain: niceDomain(0, Math.max(1, n - 1, last?.iter ?? 0)),
    yDomain: niceDomain(low, high),
    xLabel: 'iteration',
    yLabel: 'loss',
    xTickCount: 5,
    legend: [
      { label: 'batch loss', stroke: raw },
      ...(hasMean ? [{ label: `mean of last ${window}`, stroke: MEAN_LOSS }] : []),
      ...(last === undefined
        ? []
        : [
            { label: 'train set', stroke: TRAIN_LOSS },
            { label: 'test set', stroke: TEST_LOSS },
          ]),
    ],
  });
  const columns = Math.round(chart.box.right - chart.box.left);
  return placeChart(chart, 0, HEADER, [
    plotPolyline(chart, envelope(losses, columns), raw),
    ...(hasMean ? [plotPolyline(chart, envelope(mean, columns), MEAN_LOSS)] : []),
    ...markedSeries(
      chart,
      setLosses.map((p) => [p.iter, p.trainLoss]),
      TRAIN_LOSS,
    ),
    ...markedSeries(
      chart,
      setLosses.map((p) => [p.iter, p.testLoss]),
      TEST_LOSS,
    ),
  ]);
}

/**
 * The accuracy axis, zoomed to the measured accuracies with a tenth of their spread (at least a
 * percentage point) to spare on each side, widened to whole ticks and kept within [0, 1]. Every
 * nice step divides 1, so the ends stay on ticks, and the axis always has ticks to read.
 */
export function accuracyDomain(values: readonly number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const spare = Math.max((high - low) / 10, 0.01);
  const [from, to] = niceDomain(low - spare, high + spare, Y_TICKS);
  return [Math.max(0, from), Math.min(1, to)];
}

function accuracyPanel(points: readonly AccuracyPoint[]): string {
  const lastEpoch = Math.max(1, ...points.map((p) => p.epoch));
  // Few enough ticks that the step is a whole number of epochs; the axis ends on a tick.
  const xTickCount = Math.min(6, Math.ceil(lastEpoch));
  const last = points.at(-1);
  const chart = panelChart({
    title: 'accuracy per epoch',
    xDomain: niceDomain(0, lastEpoch, xTickCount),
    yDomain: accuracyDomain(points.flatMap((p) => [p.trainAcc, p.testAcc])),
    xLabel: 'epoch',
    yLabel: 'accuracy',
    xTickCount,
    legend: [
      { label: `train${last ? ` (${(last.trainAcc * 100).toFixed(2)}%)` : ''}`, stroke: TRAIN_ACC },
      { label: `test${last ? ` (${(last.testAcc * 100).toFixed(2)}%)` : ''}`, stroke: TEST_ACC },
    ],
  });
  const series = (stroke: Stroke, pick: (p: AccuracyPoint) => number) =>
    markedSeries(
      chart,
      points.map((p) => [p.epoch, pick(p)]),
      stroke,
    );
  return placeChart(chart, PANEL_WIDTH, HEADER, [
    ...series(TRAIN_ACC, (p) => p.trainAcc),
    ...series(TEST_ACC, (p) => p.testAcc),
  ]);
}

/** The whole figure; a run with no evaluation (diverged at once) gets the loss panel only. */
export function trainingPlotSvg(curves: TrainingCurves): string {
  const title = configTitle(curves);
  const points = accuracyPoints(curves);
  return svgDocument({ ...TRAIN_PLOT_SIZE, title }, [
    text(TRAIN_PLOT_SIZE.width / 2, 20, title, {
      'text-anchor': 'middle',
      'font-size': 13,
      class: 'config',
    }),
    lossPanel(curves.losses, setLossPoints(curves)),
    ...(points.length > 0 ? [accuracyPanel(points)] : []),
  ]);
}
