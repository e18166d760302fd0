// nn-eval's terminal report: the accuracy, the confusion matrix with its diagonal and worst
// cells highlighted, per-class precision and recall, and the misread digits drawn beside their
// labels. Colour comes from the caller's chalk; without colour the worst cells keep a '*' so the
// highlight survives NO_COLOR and pipes.

import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import type { ClassScore, ConfusionCell } from '../eval/confusion.js';
import type { ImageClassification } from '../eval/model-predictions.js';
import type { ImageFormat } from '../eval/image-file.js';
import type { ClassProbability, Mistake } from '../eval/mistakes.js';
import type { EvalSummary, SetName } from '../eval/summary.js';
import type { MnistSplit } from '../data/dataset.js';
import type { SavedModel } from '../nn/model-file.js';
import { renderDigit, sideBySide } from './digit.js';

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
  counts: readonly (readonly number[])[],
  scores: readonly ClassScore[],
  worst: readonly ConfusionCell[],
  chalk: ChalkInstance,
): string[] {
  const isWorst = (actual: number, predicted: number) =>
    worst.some((cell) => cell.actual === actual && cell.predicted === predicted);
  // Each cell is a number right-aligned in CELL - 1 columns and one column for the '*' mark.
  const cell = (text: string, mark = ' ') => padStartVisible(text, CELL - 1) + mark;
  const digits = Array.from({ length: counts.length }, (_, d) => d);
  const header =
    'true\\pred'.padEnd(10) + digits.map((d) => cell(String(d))).join('') + '  recall  count';
  const rows = counts.map((row, actual) => {
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
  // "<0.1%" rather than "0.0%": the network never gives a class exactly nothing.
  return top
    .map((c) => `${c.digit} ${c.probability < 0.0005 ? '<0.1%' : percent(c.probability)}`)
    .join('  ');
}

/** The caption lines under one misread digit. */
export function mistakeCaption(mistake: Mistake, splitName: string): string[] {
  return [
    `#${mistake.index} of ${splitName}`,
    `true ${mistake.label}, read ${mistake.predicted}`,
    topLine(mistake.top),
  ];
}

/** "model.json: TwoLayerNet 784-50-10 sigmoid, 10000 iterations, seed 0" */
export function modelLine(modelPath: string, model: SavedModel): string {
  const { inputSize, hiddenSize, outputSize, activation } = model.architecture;
  const parts = [`TwoLayerNet ${inputSize}-${hiddenSize}-${outputSize} ${activation}`];
  if (model.metrics) parts.push(`${model.metrics.iterationsDone} iterations`);
  if (model.seed !== undefined) parts.push(`seed ${model.seed}`);
  return `${modelPath}: ${parts.join(', ')}`;
}

/**
 * What nn-train measured on the same samples, when the model file says so: the same split and
 * the same number of leading samples. Undefined when the run measured something else.
 */
export function trainedAccuracy(
  model: SavedModel,
  set: SetName,
  samples: number,
): number | undefined {
  const final = model.metrics?.final;
  const size = model.config?.[set === 'test' ? 'testSize' : 'trainSize'];
  if (!final || size !== samples) return undefined;
  return set === 'test' ? final.testAcc : final.trainAcc;
}

/** How this accuracy compares with what nn-train measured, or how to make it comparable. */
export function comparisonNote(model: SavedModel, summary: EvalSummary): string {
  const reported = trainedAccuracy(model, summary.set, summary.samples);
  if (reported !== undefined) {
    return reported === summary.accuracy
      ? '  (as nn-train reported)'
      : `  (nn-train reported ${percent(reported, 2)})`;
  }
  const size = model.config?.[summary.set === 'test' ? 'testSize' : 'trainSize'];
  if (model.metrics?.final && typeof size === 'number' && size < summary.samples) {
    return `  (nn-train measured the first ${size} ${summary.set} images: --limit ${size} compares)`;
  }
  return '';
}

export interface EvalReportInput {
  summary: EvalSummary;
  split: MnistSplit;
  model: SavedModel;
  modelPath: string;
  /** Where the data came from, e.g. "bundled (/path)". */
  source: string;
  chalk: ChalkInstance;
  /** The terminal's width: how many misread digits fit side by side. */
  columns: number;
}

export function evalReportLines(input: EvalReportInput): string[] {
  const { summary, split, model, chalk } = input;
  const lines = [
    `model     ${modelLine(input.modelPath, model)}`,
    `data      ${summary.set} set, ${summary.samples} images, from ${input.source}`,
    `accuracy  ${chalk.bold(percent(summary.accuracy, 2))} (${summary.correct} of ${summary.samples})` +
      chalk.dim(comparisonNote(model, summary)),
    '',
    'confusion matrix: a row per true digit, a column per prediction; recall per row, precision per column',
    ...confusionLines(summary.confusion, summary.classes, summary.worstCells, chalk),
  ];
  if (summary.worstCells.length > 0) {
    lines.push('', `most often confused: ${worstCellLines(summary.worstCells).join('; ')}`);
  }
  if (summary.mistakes.length > 0) {
    lines.push(
      '',
      `the ${summary.mistakes.length} mistake${summary.mistakes.length === 1 ? '' : 's'} the network was surest of`,
      '',
    );
    const perRow = Math.max(1, Math.floor((input.columns + DIGIT_GAP) / (DIGIT_WIDTH + DIGIT_GAP)));
    const blocks = summary.mistakes.map((mistake) => [
      ...renderDigit(split.image(mistake.index), { chalk }),
      ...mistakeCaption(mistake, summary.set),
    ]);
    for (let start = 0; start < blocks.length; start += perRow) {
      if (start > 0) lines.push('');
      lines.push(...sideBySide(blocks.slice(start, start + perRow), DIGIT_GAP));
    }
  }
  return lines;
}

/** A digit is 28 columns wide; its caption ("9 91.0%  4 8.0%  7 0.5%") stays within that. */
const DIGIT_WIDTH = 28;
const DIGIT_GAP = 3;

export interface ImageReportInput {
  imagePath: string;
  format: ImageFormat;
  pixels: Uint8Array;
  result: ImageClassification;
  chalk: ChalkInstance;
}

const FORMAT_NAMES: Record<ImageFormat, string> = {
  'pgm-ascii': 'ASCII PGM',
  'pgm-binary': 'binary PGM',
  raw: 'raw 784 bytes',
};

export function imageReportLines(input: ImageReportInput): string[] {
  const { result, chalk } = input;
  return [
    `${input.imagePath} (${FORMAT_NAMES[input.format]}), as the network sees it:`,
    ...renderDigit(input.pixels, { chalk }),
    `prediction  ${chalk.bold(String(result.predicted))}`,
    `top 3       ${topLine(result.top)}`,
  ];
}
