// The grid figures: batch_norm_test.py's 4×4 panels, one per weight scale, the train accuracy
// with and without batch norm (fig. 6-18), and hyperparameter_optimization.py's best 20 trials,
// 5 to a row, validation accuracy solid and train accuracy dashed (fig. 6-24). As the book's
// subplots: y ticks on the first column only, x ticks on the bottom row only (none in 6-24),
// accuracy from 0 to 1. The legend sits above the grid, where it covers no panel.

import type { CompareResult, CompareRun } from '../compare/result.js';
import { pyRepr } from './format.js';
import { cycleColour, figureTitle, lastEpochOf, runLabel, testSetName } from './compare-style.js';
import {
  LinearScale,
  element,
  legendBandHeight,
  legendBlock,
  niceTicks,
  polyline,
  svgDocument,
  text,
  textWidth,
  tickLabels,
  type LegendEntry,
  type Stroke,
} from './svg.js';

const PANEL_WIDTH = 180;
const PANEL_HEIGHT = 110;
const GAP = 14;
const PANEL_TITLE = 20;
const LEFT = 70;
const RIGHT = 20;
const HEADER = 40;
const X_TICK_ROOM = 20;
const BOTTOM = 48;
const KEY_ROW = 16;
const KEY_FONT = 11;
const PANEL_TITLE_FONT = 11;

interface Panel {
  title: string;
  runs: CompareRun[];
}

const BEST = /^Best-(\d+)$/;

/** The book's Best-N: the last validation accuracy, as hyperparameter_optimization.py sorts by. */
function lastTestAcc(run: CompareRun): number {
  return run.epochs.at(-1)?.testAcc ?? -Infinity;
}

/**
 * The panels in the book's order: the runs' groups as they first appear (Best-N by N); without
 * groups, the hyperparameter search's best 20 by last accuracy (a stable sort, as the book's),
 * and any other experiment one panel a run.
 */
export function gridPanels(result: CompareResult): Panel[] {
  const grouped = new Map<string, CompareRun[]>();
  for (const run of result.runs) {
    if (run.group === undefined) continue;
    grouped.set(run.group, [...(grouped.get(run.group) ?? []), run]);
  }
  let panels: Panel[] = [...grouped].map(([title, runs]) => ({ title, runs }));
  if (panels.length === 0) {
    const chosen =
      result.experiment === 'hyperparams'
        ? [...result.runs].sort((a, b) => lastTestAcc(b) - lastTestAcc(a)).slice(0, 20)
        : result.runs;
    panels = chosen.map((run, i) => ({
      title: result.experiment === 'hyperparams' ? `Best-${i + 1}` : run.name,
      runs: [run],
    }));
  }
  if (panels.every((p) => BEST.test(p.title))) {
    panels.sort((a, b) => Number(BEST.exec(a.title)?.[1]) - Number(BEST.exec(b.title)?.[1]));
  }
  return panels;
}

/** "W:0.01" as batch_norm_test.py prints str(w); "Best-1(0.75)" with the last val accuracy. */
function panelTitle(result: CompareResult, panel: Panel): string {
  const std = panel.runs[0]?.config.network.weightInitStd;
  if (result.experiment === 'batch-norm' && typeof std === 'number') return `W:${pyRepr(std)}`;
  if (BEST.test(panel.title) && panel.runs.length === 1) {
    const last = panel.runs[0].epochs.at(-1);
    if (last) return `${panel.title}(${Number(last.testAcc.toFixed(4))})`;
  }
  return panel.title;
}

interface Series {
  stroke: Stroke;
  points: (run: CompareRun) => [number, number][];
}

/**
 * batch-norm draws each run's train accuracy, styled by its name (the first name solid, the
 * second dashed); the others draw each run's test (or val) accuracy solid and its train dashed.
 */
function seriesOf(result: CompareResult): {
  legend: LegendEntry[];
  styleOf: (run: CompareRun) => Series[];
} {
  const trainPoints = (run: CompareRun) =>
    run.epochs.map((r): [number, number] => [r.epoch, r.trainAcc]);
  const testPoints = (run: CompareRun) =>
    run.epochs.map((r): [number, number] => [r.epoch, r.testAcc]);
  if (result.experiment === 'batch-norm') {
    const names = [...new Set(result.runs.map((run) => run.name))];
    const strokeOf = (name: string): Stroke => {
      const k = names.indexOf(name);
      return {
        color: cycleColour(k),
        width: 1.5,
        dash: k % 2 === 1 ? '6 3' : undefined,
        className: 'train-acc',
      };
    };
    return {
      legend: names.map((name) => ({ label: name, stroke: strokeOf(name) })),
      styleOf: (run) => [{ stroke: strokeOf(run.name), points: trainPoints }],
    };
  }
  const test: Stroke = { color: cycleColour(0), width: 1.5, className: 'test-acc' };
  const train: Stroke = { color: cycleColour(1), width: 1.5, dash: '6 3', className: 'train-acc' };
  return {
    legend: [
      { label: `${testSetName(result)} acc`, stroke: test },
      { label: 'train acc', stroke: train },
    ],
    styleOf: () => [
      { stroke: test, points: testPoints },
      { stroke: train, points: trainPoints },
    ],
  };
}

/** Below the grid, each panel's runs by name: "Best-1(0.75): lr:0.0012, weight decay:3e-7". */
function keyLines(result: CompareResult, panels: Panel[]): string[] {
  if (result.experiment === 'batch-norm') return [];
  return panels.map(
    (panel) => `${panelTitle(result, panel)}: ${panel.runs.map(runLabel).join(', ')}`,
  );
}

export function gridFigure(result: CompareResult): string {
  const panels = gridPanels(result);
  const columns =
    result.experiment === 'batch-norm'
      ? 4
      : result.experiment === 'hyperparams'
        ? 5
        : Math.max(1, Math.ceil(Math.sqrt(panels.length)));
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const gridWidth = columns * PANEL_WIDTH + (columns - 1) * GAP;
  const hasXTicks = result.experiment !== 'hyperparams';
  const { legend, styleOf } = seriesOf(result);
  const keys = keyLines(result, panels);
  // Two columns of names when each fits in half the width, else one.
  const isTwoColumns =
    keys.length > 10 && keys.every((line) => textWidth(line, KEY_FONT) <= gridWidth / 2 - 12);
  const keyColumns = isTwoColumns ? 2 : 1;
  const keyWidth = gridWidth / keyColumns;
  const width = LEFT + gridWidth + RIGHT;
  const legendBand = legendBandHeight(legend, gridWidth);
  const gridTop = HEADER + legendBand;
  const rowHeight = PANEL_TITLE + PANEL_HEIGHT + GAP;
  const gridBottom = gridTop + rows * rowHeight - GAP + (hasXTicks ? X_TICK_ROOM : 0);
  const keyTop = gridBottom + BOTTOM;
  // Under the x-axis label: the key's rows, or a margin as wide as the sides'.
  const height =
    keys.length === 0
      ? gridBottom + 32
      : keyTop + Math.ceil(keys.length / keyColumns) * KEY_ROW + 12;
  const lastEpoch = lastEpochOf(result);
  const title = figureTitle(result);
  const parts: string[] = [
    text(width / 2, 24, title, { 'text-anchor': 'middle', 'font-size': 15, class: 'title' }),
    legendBlock(legend, LEFT, HEADER + 4, gridWidth),
  ];
  panels.forEach((panel, p) => {
    const column = p % columns;
    const row = Math.floor(p / columns);
    const left = LEFT + column * (PANEL_WIDTH + GAP);
    const top = gridTop + row * rowHeight + PANEL_TITLE;
    const x = new LinearScale([0, lastEpoch], [left, left + PANEL_WIDTH]);
    const y = new LinearScale([0, 1], [top + PANEL_HEIGHT, top]);
    const isBottom = row === rows - 1 || p + columns >= panels.length;
    const cell = [
      text(
        left + PANEL_WIDTH / 2,
        top - 6,
        fitText(panelTitle(result, panel), PANEL_WIDTH, PANEL_TITLE_FONT),
        {
          'font-size': PANEL_TITLE_FONT,
          'text-anchor': 'middle',
          class: 'panel-title',
        },
      ),
      element('rect', {
        x: left,
        y: top,
        width: PANEL_WIDTH,
        height: PANEL_HEIGHT,
        fill: 'none',
        stroke: 'black',
        class: 'frame',
      }),
      ...(column === 0 ? yTicks(y, left) : []),
      ...(hasXTicks && isBottom ? xTicks(x, top + PANEL_HEIGHT, lastEpoch) : []),
      ...panel.runs.flatMap((run) =>
        styleOf(run).map((series) =>
          polyline(
            series.points(run).map(([a, b]) => [x.map(a), y.map(b)]),
            series.stroke,
          ),
        ),
      ),
    ];
    parts.push(element('g', { class: 'panel' }, cell.join('')));
  });
  const middle = (gridTop + gridBottom) / 2;
  parts.push(
    text(16, middle, 'accuracy', {
      'text-anchor': 'middle',
      transform: `rotate(-90 16 ${middle})`,
      class: 'y-label',
    }),
    text(LEFT + gridWidth / 2, gridBottom + 20, 'epochs', {
      'text-anchor': 'middle',
      class: 'x-label',
    }),
  );
  if (keys.length > 0) {
    const perColumn = Math.ceil(keys.length / keyColumns);
    const lines = keys.map((line, k) =>
      text(
        LEFT + Math.floor(k / perColumn) * keyWidth,
        keyTop + (k % perColumn) * KEY_ROW,
        fitText(line, keyWidth - 12, KEY_FONT),
        {
          'font-size': KEY_FONT,
          class: 'key-label',
        },
      ),
    );
    parts.push(element('g', { class: 'key' }, lines.join('')));
  }
  return svgDocument({ width, height, title }, parts);
}

function yTicks(y: LinearScale, left: number): string[] {
  return tickLabels([0, 0.5, 1]).flatMap((label, i) => {
    const at = y.map([0, 0.5, 1][i]);
    return [
      element('line', { x1: left - 4, y1: at, x2: left, y2: at, stroke: 'black' }),
      text(left - 7, at + 4, label, { 'text-anchor': 'end', class: 'tick' }),
    ];
  });
}

function xTicks(x: LinearScale, bottom: number, lastEpoch: number): string[] {
  const ticks = niceTicks(0, lastEpoch, 4);
  return tickLabels(ticks).flatMap((label, i) => {
    const at = x.map(ticks[i]);
    return [
      element('line', { x1: at, y1: bottom, x2: at, y2: bottom + 4, stroke: 'black' }),
      text(at, bottom + 16, label, { 'text-anchor': 'middle', class: 'tick' }),
    ];
  });
}

/** `content` cut with '…' to fit `width` pixels at `fontSize`. */
function fitText(content: string, width: number, fontSize: number): string {
  if (textWidth(content, fontSize) <= width) return content;
  let kept = content;
  while (kept.length > 1 && textWidth(`${kept}…`, fontSize) > width) kept = kept.slice(0, -1);
  return `${kept}…`;
}
