// Chapter 6's figures as standalone SVG: the four optimizers' paths over the contour lines of
// x²/20 + y² in a 2×2 grid (fig. 6-8), and a row of five activation histograms per setting of
// the weights (figs. 6-10, 6-11, 6-13, 6-14), drawn from the demos' plain data.

import type { ActivationRun, ActivationsDemo } from '../demo/activations.js';
import { bowl, type OptimizersDemo } from '../demo/optimizers.js';
import { histogramTop, weightLine } from './chapter6-demo-text.js';
import { sampleGrid } from './contour.js';
import {
  LinearScale,
  circle,
  contourPaths,
  createChart,
  element,
  niceDomain,
  niceTicks,
  placeChart,
  plotPolyline,
  rect,
  svgDocument,
  text,
  tickLabels,
  type Stroke,
} from './svg.js';

const HEADER = 36;
const PATH: Stroke = { color: '#d62728', width: 1.5, className: 'path' };
/** The script's plt.xlim(-10, 10) and plt.ylim(-10, 10). */
const VIEW: [number, number] = [-10, 10];
// The panel's plot area is square: 400 - 64 - 24 wide, 404 - 40 - 52 tall (svg.ts's margins).
const PANEL_WIDTH = 400;
const PANEL_HEIGHT = 404;
const CONTOUR_LEVELS = [0.5, 1, 2, 3, 4, 5, 6, 7];

function heading(width: number, title: string): string {
  return text(width / 2, 24, title, { 'text-anchor': 'middle', 'font-size': 15, class: 'title' });
}

/** fig. 6-8: each optimizer's path, point by point, over the contour lines of f; + at (0, 0). */
export function optimizersFigure(demo: OptimizersDemo): string {
  const width = 2 * PANEL_WIDTH;
  const height = HEADER + 2 * PANEL_HEIGHT;
  const title =
    `SGD, Momentum, AdaGrad and Adam on f(x, y) = x²/20 + y², ` +
    `${demo.steps} steps from (${demo.init.join(', ')})`;
  const grid = sampleGrid(bowl, VIEW, VIEW, 61);
  const panels = demo.runs.map((run, i) => {
    const chart = createChart({
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      title: `${run.name} (lr ${run.optimizer.lr})`,
      xDomain: VIEW,
      yDomain: VIEW,
      xLabel: 'x',
      yLabel: 'y',
      tickCount: 4,
    });
    const [cx, cy] = [chart.x.map(0), chart.y.map(0)];
    const points = run.x.map((x, k): [number, number] => [x, run.y[k]]);
    return placeChart(
      chart,
      (i % 2) * PANEL_WIDTH,
      HEADER + Math.floor(i / 2) * PANEL_HEIGHT,
      [
        ...contourPaths(chart, grid, CONTOUR_LEVELS, { color: '#b9b9b9', className: 'contour' }),
        element('path', {
          d: `M${cx - 7} ${cy}H${cx + 7}M${cx} ${cy - 7}V${cy + 7}`,
          stroke: 'black',
          'stroke-width': 1.5,
          class: 'minimum',
        }),
        plotPolyline(chart, points, PATH),
        ...points.map(([x, y]) => circle(chart.x.map(x), chart.y.map(y), 3, PATH.color, 'step')),
      ],
      'panel',
    );
  });
  return svgDocument({ width, height, title }, [heading(width, title), ...panels]);
}

// The histograms: five panels a row, one row per setting, a shared count axis on the left.
const ROW_LEFT = 92;
const HIST_WIDTH = 170;
const HIST_GAP = 18;
const HIST_HEIGHT = 130;
const ROW_TITLE = 22;
const HIST_TITLE = 18;
const ROW_HEIGHT = ROW_TITLE + HIST_TITLE + HIST_HEIGHT + 40;
const BAR = '#1f77b4';
/** A bar taller than the axis, drawn to its top, darker, with its count beside it. */
const CUT_BAR = '#0b3c5d';

/** One setting's row of five histograms, its top left at (0, top) of the figure. */
function histogramRow(run: ActivationRun, demo: ActivationsDemo, top: number): string {
  const yTop = niceDomain(0, histogramTop(run), 4)[1];
  const plotTop = top + ROW_TITLE + HIST_TITLE;
  const y = new LinearScale([0, yTop], [plotTop + HIST_HEIGHT, plotTop]);
  const yTicks = niceTicks(0, yTop, 4);
  const figure = run.figure === null ? '' : `fig. ${run.figure}: `;
  const parts = [
    text(
      ROW_LEFT,
      top + 15,
      `${figure}${run.weight}, ${run.activation === 'relu' ? 'ReLU' : 'sigmoid'} — ` +
        weightLine(run.init, demo.nodeNum),
      { 'font-size': 13, class: 'row-title' },
    ),
    text(16, y.map(yTop / 2), 'count', {
      'text-anchor': 'middle',
      transform: `rotate(-90 16 ${y.map(yTop / 2)})`,
      class: 'y-label',
    }),
    ...tickLabels(yTicks).map((label, i) =>
      text(ROW_LEFT - 8, y.map(yTicks[i]) + 4, label, { 'text-anchor': 'end', class: 'tick' }),
    ),
  ];
  run.layers.forEach((layer, l) => {
    const left = ROW_LEFT + l * (HIST_WIDTH + HIST_GAP);
    const x = new LinearScale(demo.range, [left, left + HIST_WIDTH]);
    parts.push(
      text(left + HIST_WIDTH / 2, plotTop - 6, `${layer.layer}-layer`, {
        'text-anchor': 'middle',
        class: 'panel-title',
      }),
      ...yTicks.map((tick) =>
        element('line', {
          x1: left,
          y1: y.map(tick),
          x2: left + HIST_WIDTH,
          y2: y.map(tick),
          stroke: '#e6e6e6',
        }),
      ),
    );
    const bars = layer.counts.map((count, bin) => {
      const [from, to] = [x.map(demo.edges[bin]), x.map(demo.edges[bin + 1])];
      const isCut = count > yTop;
      const barTop = y.map(Math.min(count, yTop));
      const bar = rect(from, barTop, to - from, y.map(0) - barTop, isCut ? CUT_BAR : BAR, 'bar');
      return isCut
        ? bar + text(to + 2, plotTop + 10, String(count), { 'font-size': 10, class: 'cut-label' })
        : bar;
    });
    parts.push(
      element('g', { class: 'histogram' }, bars.join('')),
      element('rect', {
        x: left,
        y: plotTop,
        width: HIST_WIDTH,
        height: HIST_HEIGHT,
        fill: 'none',
        stroke: 'black',
        class: 'frame',
      }),
      ...[0, 0.5, 1].map((tick) =>
        text(x.map(tick), plotTop + HIST_HEIGHT + 16, String(tick), {
          'text-anchor': 'middle',
          class: 'x-tick',
        }),
      ),
    );
  });
  return element('g', { class: 'row' }, parts.join('\n'));
}

/** figs. 6-10 to 6-14: the book's row of five histograms (plt.hist, 30 bins) per setting. */
export function activationsFigure(demo: ActivationsDemo): string {
  const width = ROW_LEFT + 5 * HIST_WIDTH + 4 * HIST_GAP + 24;
  const height = HEADER + demo.runs.length * ROW_HEIGHT;
  const title =
    `Activations of ${demo.hiddenLayerSize} hidden layers of ${demo.nodeNum} units, ` +
    `${demo.samples} inputs of randn, seed ${demo.seed}`;
  return svgDocument({ width, height, title }, [
    heading(width, title),
    ...demo.runs.map((run, i) => histogramRow(run, demo, HEADER + i * ROW_HEIGHT)),
  ]);
}
