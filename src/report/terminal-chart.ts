// Small pictures for the terminal, drawn with plain Unicode: a sparkline (one block character a
// column) and a point chart with a labelled y axis. They return lines; the caller prints them.

import type { ChalkInstance } from 'chalk';
import { testPaint, trainPaint } from './palette.js';
import { packParts } from './text-width.js';
import { accuracyPoints, type TrainingCurves } from './train-plot.js';

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * Averages `values` into `width` buckets of (nearly) equal size; fewer values than `width` are
 * kept as they are. Averaging rather than picking every k-th value keeps a noisy loss readable.
 * Given a `span` longer than the values (a run that stopped early, beside longer ones), the
 * buckets divide the span, and those past the last value are NaN: gaps in a chart.
 */
export function bucketMeans(
  values: ArrayLike<number>,
  width: number,
  span = values.length,
): number[] {
  const n = values.length;
  if (span <= width) return Array.from({ length: span }, (_, i) => (i < n ? values[i] : NaN));
  return Array.from({ length: width }, (_, b) => {
    const start = Math.floor((b * span) / width);
    const end = Math.min(n, Math.floor(((b + 1) * span) / width));
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i];
    return end > start ? sum / (end - start) : NaN;
  });
}

/** One line of block characters, lowest value ▁ and highest █; a flat series is all ▄. */
export function sparkline(values: ArrayLike<number>, width: number): string {
  const means = bucketMeans(values, width).filter((v) => Number.isFinite(v));
  if (means.length === 0) return '';
  const low = Math.min(...means);
  const high = Math.max(...means);
  if (high === low) return BLOCKS[3].repeat(means.length);
  return means
    .map((v) => BLOCKS[Math.round(((v - low) / (high - low)) * (BLOCKS.length - 1))])
    .join('');
}

export interface ChartSeries {
  /** One value per x position; NaN leaves a gap. */
  readonly values: readonly number[];
  readonly marker: string;
  /** Colours the marker (e.g. a chalk function); identity when absent. */
  readonly paint?: (text: string) => string;
}

export interface PointChartOptions {
  /** Rows of the plotting area. */
  readonly height: number;
  /** Columns of the plotting area; the x positions are spread over it. */
  readonly width: number;
  readonly formatY: (value: number) => string;
  /** Labels under the first and last x position, e.g. "epoch 1" and "17". */
  readonly xLabels?: readonly [string, string];
  /** Drawn where two series fall on the same cell. */
  readonly overlapMarker?: string;
}

/** Row of `value` in a chart of `height` rows spanning [low, high]; 0 is the top row. */
export function rowOf(value: number, low: number, high: number, height: number): number {
  if (high === low) return height - 1;
  const fromBottom = Math.round(((value - low) / (high - low)) * (height - 1));
  return height - 1 - fromBottom;
}

/** Column of x position `index` of `count`, spread over `width` columns. */
export function columnOf(index: number, count: number, width: number): number {
  return count <= 1 ? 0 : Math.round((index * (width - 1)) / (count - 1));
}

/**
 * A chart of points, one marker per value, with the y range taken from the data and labelled at
 * the top, middle and bottom rows.
 */
export function pointChart(series: readonly ChartSeries[], options: PointChartOptions): string[] {
  const { height, formatY, overlapMarker = '◆' } = options;
  const finite = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  if (finite.length === 0) return [];
  const count = Math.max(...series.map((s) => s.values.length));
  const width = Math.max(1, options.width);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const grid: { text: string; owner: number }[][] = Array.from({ length: height }, () =>
    Array.from({ length: width }, () => ({ text: ' ', owner: -1 })),
  );
  series.forEach((s, owner) =>
    s.values.forEach((value, index) => {
      if (!Number.isFinite(value)) return;
      const cell = grid[rowOf(value, low, high, height)][columnOf(index, count, width)];
      const paint = s.paint ?? ((text: string) => text);
      cell.text = cell.owner >= 0 && cell.owner !== owner ? overlapMarker : paint(s.marker);
      cell.owner = owner;
    }),
  );
  const labelAt = new Map<number, string>([
    [0, formatY(high)],
    [height - 1, formatY(low)],
  ]);
  if (height >= 5) labelAt.set(Math.floor((height - 1) / 2), formatY((low + high) / 2));
  const labelWidth = Math.max(...[...labelAt.values()].map((l) => l.length));
  const lines = grid.map((row, r) => {
    const label = (labelAt.get(r) ?? '').padStart(labelWidth);
    const tick = labelAt.has(r) ? '┤' : '│';
    return `${label} ${tick}${row.map((cell) => cell.text).join('')}`.trimEnd();
  });
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(width)}`);
  if (options.xLabels) {
    const [first, last] = options.xLabels;
    const gap = Math.max(1, width - first.length - last.length);
    lines.push(`${' '.repeat(labelWidth + 2)}${first}${' '.repeat(gap)}${last}`);
  }
  return lines;
}

export interface TrainingPictureOptions {
  /** Columns available (the terminal's width). */
  columns: number;
  chalk: ChalkInstance;
}

/**
 * The picture printed after training: the loss as a sparkline from first to last iteration, and
 * train and test accuracy at every evaluation as a point chart (the two panels of --plot), its
 * y axis spanning the accuracies measured, lowest to highest.
 */
export function trainingPicture(curves: TrainingCurves, options: TrainingPictureOptions): string[] {
  const { chalk } = options;
  const lines: string[] = [];
  const losses = curves.losses;
  if (losses.length > 0) {
    const means = bucketMeans(losses, Math.max(10, Math.min(60, options.columns - 24)));
    const first = means[0].toFixed(2);
    const last = (means.at(-1) ?? NaN).toFixed(2);
    lines.push(`loss      ${first} ${chalk.cyan(sparkline(means, means.length))} ${last}`);
  }
  const points = accuracyPoints(curves);
  if (points.length > 0) {
    const final = points[points.length - 1];
    // The epoch rows' colours: cyan is the training set, green the test set, everywhere.
    const train = { marker: '●', paint: trainPaint(chalk) };
    const test = { marker: '○', paint: testPaint(chalk) };
    lines.push(
      ...packParts(
        [
          `accuracy  ${train.paint(train.marker)} train ${percentText(final.trainAcc)}`,
          `${test.paint(test.marker)} test ${percentText(final.testAcc)}`,
          '◆ both',
        ],
        options.columns,
        { separator: '  ', indent: ' '.repeat(10) },
      ),
    );
    const width = Math.max(8, Math.min(3 * points.length, options.columns - 12, 60));
    const lastEpoch = final.epoch;
    lines.push(
      ...pointChart(
        [
          { values: points.map((p) => p.trainAcc), ...train },
          { values: points.map((p) => p.testAcc), ...test },
        ],
        {
          height: 10,
          width,
          formatY: percentText,
          xLabels: ['epoch 0', String(Number(lastEpoch.toFixed(2)))],
        },
      ).map((line) => `  ${line}`),
    );
  }
  return lines;
}

function percentText(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
