// nn-compare --plot: the book's figure for the experiment as one standalone SVG. The losses of
// every iteration smoothed by the book's smooth_curve (figs. 6-9, 6-15), the train and test
// accuracy of every epoch (figs. 6-20 to 6-23), or a grid of panels (figs. 6-18, 6-24, in
// compare-grid.ts); --vary shows its runs' losses beside their accuracies.

import type { CompareResult } from '../compare/result.js';
import { gridFigure } from './compare-grid.js';
import {
  figureTitle,
  lastEpochOf,
  markEvery,
  runLabel,
  runStyle,
  smoothedLosses,
  testSetName,
  type RunStyle,
} from './compare-style.js';
import {
  createChart,
  legendBandHeight,
  marker,
  niceDomain,
  placeChart,
  plotPolyline,
  svgDocument,
  text,
  type Chart,
  type LegendEntry,
} from './svg.js';

const WIDTH = 800;
const PANEL_WIDTH = 500;
const PLOT_HEIGHT = 360;
const MARGIN = { top: 40, right: 24, bottom: 52, left: 64 };
const HEADER = 28;

/** The book's plt.ylim of each loss figure; other experiments take the losses' own range. */
const LOSS_LIMITS: Partial<Record<CompareResult['experiment'], [number, number]>> = {
  optimizers: [0, 1],
  'weight-init': [0, 2.5],
};

interface PanelSpec {
  title: string;
  width: number;
  legend: LegendEntry[];
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel: string;
  yLabel: string;
}

/** A chart whose plot area is PLOT_HEIGHT tall whatever its legend takes above it. */
function panel(spec: PanelSpec): Chart {
  const band = legendBandHeight(spec.legend, spec.width - MARGIN.left - MARGIN.right);
  return createChart({
    ...spec,
    height: MARGIN.top + band + PLOT_HEIGHT + MARGIN.bottom,
    margin: MARGIN,
    tickCount: 6,
    yTickCount: 5,
  });
}

function panelHeight(chart: Chart): number {
  return chart.box.bottom + MARGIN.bottom;
}

/** A curve through (x, y) data points, with a marker on every k-th. */
function curve(
  chart: Chart,
  points: readonly [number, number][],
  style: RunStyle,
  className: string,
): string[] {
  const every = markEvery(points.length);
  return [
    plotPolyline(chart, points, { ...style.stroke, className }),
    ...points
      .filter((_, i) => i % every === 0)
      .map(([x, y]) =>
        marker(
          style.marker,
          chart.x.map(x),
          chart.y.map(y),
          style.stroke.color,
          3.5,
          `${className}-marker`,
        ),
      ),
  ];
}

function lossChart(result: CompareResult, title: string, width: number): [Chart, string[]] {
  const smoothed = result.runs.map(smoothedLosses);
  const longest = Math.max(1, ...result.runs.map((run) => run.losses.length));
  const highest = Math.max(0, ...smoothed.flatMap((values) => Array.from(values)));
  const chart = panel({
    title,
    width,
    legend: result.runs.map((run, i) => ({
      label: runLabel(run),
      ...legendStyle(runStyle(result, i)),
    })),
    xDomain: niceDomain(0, longest - 1),
    yDomain: LOSS_LIMITS[result.experiment] ?? niceDomain(0, highest || 1, 5),
    xLabel: 'iterations',
    yLabel: 'loss',
  });
  const body = smoothed.flatMap((values, i) =>
    curve(
      chart,
      Array.from(values, (loss, iter): [number, number] => [iter, loss]),
      runStyle(result, i),
      'loss',
    ),
  );
  return [chart, body];
}

function legendStyle(style: RunStyle): Pick<LegendEntry, 'stroke' | 'marker'> {
  return { stroke: style.stroke, marker: style.marker };
}

/**
 * Every run's train accuracy (solid, 'o' as the book's) and test accuracy (dashed, 's') per
 * epoch, in the run's colour; the legend names the runs, then the two sets.
 */
function accuracyChart(
  result: CompareResult,
  title: string,
  width: number,
  isNamingRuns: boolean,
): [Chart, string[]] {
  const lastEpoch = lastEpochOf(result);
  const sets: LegendEntry[] = [
    { label: 'train', stroke: { color: 'black', width: 1.5 }, marker: 'o' },
    {
      label: testSetName(result),
      stroke: { color: 'black', width: 1.5, dash: '6 3' },
      marker: 's',
    },
  ];
  const chart = panel({
    title,
    width,
    legend: [
      ...(isNamingRuns
        ? result.runs.map((run, i) => ({
            label: runLabel(run),
            stroke: runStyle(result, i).stroke,
          }))
        : []),
      ...sets,
    ],
    xDomain: niceDomain(0, lastEpoch),
    yDomain: [0, 1],
    xLabel: 'epochs',
    yLabel: 'accuracy',
  });
  const body = result.runs.flatMap((run, i) => {
    const { stroke } = runStyle(result, i);
    const train = run.epochs.map((row): [number, number] => [row.epoch, row.trainAcc]);
    const test = run.epochs.map((row): [number, number] => [row.epoch, row.testAcc]);
    return [
      ...curve(chart, train, { stroke: { ...stroke, dash: undefined }, marker: 'o' }, 'train-acc'),
      ...curve(chart, test, { stroke: { ...stroke, dash: '6 3' }, marker: 's' }, 'test-acc'),
    ];
  });
  return [chart, body];
}

/** --vary: the smoothed losses on the left, the accuracies on the right, one colour a run. */
function varyFigure(result: CompareResult): string {
  const title = figureTitle(result);
  const [losses, lossBody] = lossChart(result, 'loss (smoothed)', PANEL_WIDTH);
  const [accuracies, accuracyBody] = accuracyChart(result, 'accuracy', PANEL_WIDTH, false);
  const width = 2 * PANEL_WIDTH;
  const height = HEADER + Math.max(panelHeight(losses), panelHeight(accuracies));
  return svgDocument({ width, height, title }, [
    text(width / 2, 20, title, { 'text-anchor': 'middle', 'font-size': 14, class: 'heading' }),
    placeChart(losses, 0, HEADER, lossBody, 'panel'),
    placeChart(accuracies, PANEL_WIDTH, HEADER, accuracyBody, 'panel'),
  ]);
}

const hasLosses = (result: CompareResult) => result.runs.some((run) => run.losses.length > 0);
const hasEpochs = (result: CompareResult) => result.runs.some((run) => run.epochs.length > 0);

/** The experiment's figure as a standalone SVG document. */
export function renderCompareFigure(result: CompareResult): string {
  if (result.figure === 'grid') return gridFigure(result);
  if (result.experiment === 'vary' && hasLosses(result) && hasEpochs(result)) {
    return varyFigure(result);
  }
  const isLosses = result.figure === 'losses' ? hasLosses(result) : !hasEpochs(result);
  const [chart, body] = isLosses
    ? lossChart(result, figureTitle(result), WIDTH)
    : accuracyChart(result, figureTitle(result), WIDTH, true);
  return chart.document(body);
}
