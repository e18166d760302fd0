// The chapter's figures as standalone SVG: the tangent of fig. 4-7, the gradient field of
// fig. 4-9 and the descent path of fig. 4-10, drawn from the demos' plain data.

import { function1 } from '../demo/book-functions.js';
import type { DescentRun } from '../demo/descent.js';
import type { DiffDemo, GradientField } from '../demo/derivatives.js';
import {
  arrow,
  circle,
  contourPaths,
  createChart,
  niceDomain,
  plotPolyline,
  type Stroke,
} from './svg.js';
import { sampleGrid } from './contour.js';
import { pyRepr } from './format.js';

const WIDTH = 640;
const HEIGHT = 480;
const CURVE: Stroke = { color: '#1f77b4', width: 2, className: 'curve' };
const TANGENT_COLORS = ['#ff7f0e', '#2ca02c', '#d62728'];

/** fig. 4-7: y = 0.01x^2 + 0.1x on [0, 20) and its tangent at each point of the demo. */
export function diffFigure(demo: DiffDemo): string {
  const xs = Array.from({ length: 200 }, (_, i) => i / 10);
  const curve = xs.map((x): [number, number] => [x, function1(x)]);
  const tangents = demo.points.map((point) =>
    xs.map((x): [number, number] => [
      x,
      point.numerical * x + (point.y - point.numerical * point.x),
    ]),
  );
  const ys = [...curve, ...tangents.flat()].map(([, y]) => y);
  const tangentStrokes = demo.points.map((_, i): Stroke => ({
    color: TANGENT_COLORS[i % 3],
    dash: '6 4',
    className: 'tangent',
  }));
  const chart = createChart({
    // taller than the other figures by the legend's rows above the plot
    width: WIDTH,
    height: HEIGHT + 60,
    title: 'y = 0.01x² + 0.1x and its tangents (numerical derivative)',
    xDomain: [0, 20],
    yDomain: niceDomain(Math.min(...ys), Math.max(...ys)),
    xLabel: 'x',
    yLabel: 'f(x)',
    legend: [
      { label: 'f(x) = 0.01x² + 0.1x', stroke: CURVE },
      ...demo.points.map((p, i) => ({
        label: `tangent at x = ${p.x} (slope ${pyRepr(p.numerical)})`,
        stroke: tangentStrokes[i],
      })),
    ],
  });
  return chart.document([
    plotPolyline(chart, curve, CURVE),
    ...tangents.map((line, i) => plotPolyline(chart, line, tangentStrokes[i])),
    ...demo.points.map((p) => circle(chart.x.map(p.x), chart.y.map(p.y), 4, 'black', 'touch')),
  ]);
}

/** fig. 4-9: the arrows of −∇f for f = x0² + x1², scaled so the longest spans one grid step. */
export function gradientFigure(field: GradientField): string {
  const chart = createChart({
    width: WIDTH,
    height: HEIGHT + 80,
    title: 'Gradient field −∇f of f(x0, x1) = x0² + x1²',
    xDomain: [-2, 2],
    yDomain: [-2, 2],
    xLabel: 'x0',
    isEqualAspect: true,
    yLabel: 'x1',
  });
  const longest = Math.max(...field.arrows.map((a) => Math.hypot(a.dx0, a.dx1)));
  const spacing = 0.25;
  const scale = longest === 0 ? 0 : (0.9 * spacing) / longest;
  return chart.document(
    field.arrows.map((a) =>
      arrow(
        chart.x.map(a.x0),
        chart.y.map(a.x1),
        chart.x.map(a.x0 + a.dx0 * scale),
        chart.y.map(a.x1 + a.dx1 * scale),
        '#666666',
      ),
    ),
  );
}

/** Keeps a long path's figure small: at most `count` points, the first and last among them. */
function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from(
    { length: count },
    (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))],
  );
}

const MAX_MARKERS = 500;

/** fig. 4-10: the path of gradient descent over the contour lines of x0² + x1². */
export function descentFigure(run: DescentRun): string {
  const points = evenlySpaced(
    run.path.filter((p) => p.every(Number.isFinite)),
    MAX_MARKERS,
  );
  const x0s = [-3.5, 3.5, ...points.map((p) => p[0])];
  const x1s = [-4.5, 4.5, ...points.map((p) => p[1])];
  const xDomain: [number, number] = [Math.min(...x0s), Math.max(...x0s)];
  const yDomain: [number, number] = [Math.min(...x1s), Math.max(...x1s)];
  const chart = createChart({
    width: WIDTH,
    height: HEIGHT + 80,
    title: `Gradient descent on x0² + x1²: lr ${pyRepr(run.lr)}, ${run.steps} steps from (${run.init.join(', ')})`,
    xDomain: niceDomain(...xDomain),
    yDomain: niceDomain(...yDomain),
    xLabel: 'x0',
    isEqualAspect: true,
    yLabel: 'x1',
  });
  const grid = sampleGrid(
    (a, b) => a * a + b * b,
    [...chart.x.domain] as [number, number],
    [...chart.y.domain] as [number, number],
    80,
  );
  const reach = Math.max(...chart.x.domain.map(Math.abs), ...chart.y.domain.map(Math.abs));
  const levels = Array.from({ length: 8 }, (_, i) => (((i + 1) * reach) / 8) ** 2);
  const axisStroke: Stroke = { color: '#1f4fbf', dash: '5 4', width: 1, className: 'zero-axis' };
  return chart.document([
    ...contourPaths(chart, grid, levels, { color: '#bbbbbb', className: 'contour' }),
    plotPolyline(
      chart,
      [
        [chart.x.domain[0], 0],
        [chart.x.domain[1], 0],
      ],
      axisStroke,
    ),
    plotPolyline(
      chart,
      [
        [0, chart.y.domain[0]],
        [0, chart.y.domain[1]],
      ],
      axisStroke,
    ),
    plotPolyline(
      chart,
      points.map((p): [number, number] => [p[0], p[1]]),
      { color: '#1f77b4', width: 1, className: 'path' },
    ),
    ...points.map((p) => circle(chart.x.map(p[0]), chart.y.map(p[1]), 3, '#1f77b4', 'step')),
  ]);
}
