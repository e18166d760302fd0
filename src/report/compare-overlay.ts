// The terminal's picture of an nn-compare experiment: every run on one point chart, its own
// symbol and colour, above a legend naming each. Loss experiments show the losses smoothed as
// the figure smooths them; the others each run's test (or validation) accuracy per epoch.

import type { ChalkInstance } from 'chalk';
import type { CompareResult, CompareRun } from '../compare/result.js';
import { runLabel, smoothedLosses, testSetName } from './compare-style.js';
import { bucketMeans, pointChart } from './terminal-chart.js';
import { packParts, truncateToWidth } from './text-width.js';

const SYMBOLS = ['●', '■', '▲', '◆', '○', '□', '△', '◇'];
const COLOURS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red', 'white', 'gray'] as const;
/** As many runs as there are symbols: past that, the best runs, so that each stays readable. */
const MOST_RUNS = SYMBOLS.length;
const INDENT = '  ';
/** The y labels ("100.0%", "2.30") and the axis beside them. */
const AXIS_ROOM = 8;

/** The runs drawn: all of them, or the best by best test accuracy (ties in their order). */
function shownRuns(result: CompareResult): CompareRun[] {
  if (result.runs.length <= MOST_RUNS) return result.runs;
  const score = (run: CompareRun) => run.best?.testAcc ?? -Infinity;
  return [...result.runs].sort((a, b) => score(b) - score(a)).slice(0, MOST_RUNS);
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * Lines of at most `width` columns: the legend, then the chart of `height` rows. Losses when the
 * experiment's figure draws losses and the runs recorded them, else accuracies.
 */
export function compareOverlay(
  result: CompareResult,
  width: number,
  height: number,
  colours: ChalkInstance,
): string[] {
  const runs = shownRuns(result);
  const isLosses =
    (result.figure === 'losses' || result.experiment === 'vary') &&
    runs.some((run) => run.losses.length > 0);
  const plotWidth = Math.max(10, Math.min(72, width - INDENT.length - AXIS_ROOM));
  const curves = runs.map((run) =>
    isLosses ? Array.from(smoothedLosses(run)) : run.epochs.map((row) => row.testAcc),
  );
  const span = Math.max(1, ...curves.map((values) => values.length));
  const styled = runs.map((run, i) => ({
    marker: SYMBOLS[i],
    paint: colours[COLOURS[i]],
    values: bucketMeans(curves[i], plotWidth, span),
    run,
  }));
  const last = (values: number[]) => values.filter((v) => Number.isFinite(v)).at(-1);
  const legend = styled.map(({ marker, paint, run }, i) => {
    const end = last(curves[i]);
    const value = end === undefined ? '' : ` ${isLosses ? end.toFixed(3) : percent(end)}`;
    // A name longer than the line is cut, so that every line of the legend fits.
    return `${paint(marker)} ${truncateToWidth(`${runLabel(run)}${value}`, width - INDENT.length - 2)}`;
  });
  const what = isLosses ? 'loss (smoothed)' : `${testSetName(result)} accuracy`;
  const chosen =
    runs.length < result.runs.length ? `, best ${runs.length} of ${result.runs.length} runs` : '';
  const lastIndex = span - 1;
  return [
    `${what}${chosen}`,
    ...packParts(legend, width - INDENT.length, { separator: '  ' }).map((l) => INDENT + l),
    ...pointChart(styled, {
      height,
      width: plotWidth,
      formatY: isLosses ? (v) => v.toFixed(2) : percent,
      xLabels: isLosses ? ['iter 0', String(lastIndex)] : ['epoch 0', String(lastIndex)],
      overlapMarker: '+',
    }).map((line) => INDENT + line),
  ];
}
