// nn-eval's terminal report: the accuracy, the confusion matrix with its diagonal and worst
// cells highlighted, per-class precision and recall, and the misread digits drawn beside their
// labels. Colour comes from the caller's chalk; without colour the worst cells keep a '*' so the
// highlight survives NO_COLOR and pipes.

import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import type { ClassScore, ConfusionCell, ConfusionMatrix } from '../eval/confusion.js';
import type { ClassProbability, Mistake } from '../eval/mistakes.js';

const CELL = 7;

export function percent(value: number | null, digits = 1): string {
  return value === null ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** Visible width of a line that may hold colour codes. */
function visibleLength(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

function padStartVisible(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - visibleLength(text))) + text;
}

/**
 * The matrix with true digits down the side and predictions across, each row ending in that
 * digit's recall and support, and a last row of per-class precision.
 */
export function confusionLines(
  matrix: ConfusionMatrix,
  scores: readonly ClassScore[],
  worst: readonly ConfusionCell[],
  chalk: ChalkInstance,
): string[] {
  const isWorst = (actual: number, predicted: number) =>
    worst.some((cell) => cell.actual === actual && cell.predicted === predicted);
  // Each cell is a number right-aligned in CELL - 1 columns and one column for the '*' mark.
  const cell = (text: string, mark = ' ') => padStartVisible(text, CELL - 1) + mark;
  const digits = Array.from({ length: matrix.classCount }, (_, d) => d);
  const header =
    'true\\pred'.padEnd(10) + digits.map((d) => cell(String(d))).join('') + '  recall  count';
  const rows = matrix.counts.map((row, actual) => {
    const cells = row.map((count, predicted) => {
      if (actual === predicted) return cell(chalk.green.bold(String(count)));
      if (isWorst(actual, predicted)) {
        return cell(chalk.red.bold(String(count)), chalk.level === 0 ? '*' : ' ');
      }
      return cell(count === 0 ? chalk.dim('·') : String(count));
    });
    const { recall, support } = scores[actual];
    return (
      String(actual).padStart(5).padEnd(10) +
      cells.join('') +
      percent(recall).padStart(8) +
      String(support).padStart(7)
    );
  });
  const precision = (
    'precision'.padEnd(10) + scores.map((s) => cell(percent(s.precision))).join('')
  ).trimEnd();
  return [header, ...rows, precision];
}

/** "4 → 9  12 times" lines for the most frequent confusions. */
export function worstCellLines(worst: readonly ConfusionCell[]): string[] {
  return worst.map(
    (cell) =>
      `${cell.actual} read as ${cell.predicted}: ${cell.count} time${cell.count === 1 ? '' : 's'}`,
  );
}

export function topLine(top: readonly ClassProbability[]): string {
  return top.map((c) => `${c.digit} ${percent(c.probability)}`).join('  ');
}

/** The caption lines under one misread digit. */
export function mistakeCaption(mistake: Mistake, splitName: string): string[] {
  return [
    `#${mistake.index} of ${splitName}`,
    `true ${mistake.label}, read ${mistake.predicted}`,
    topLine(mistake.top),
  ];
}
