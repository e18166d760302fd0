import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyOf, classScores, confusionMatrix, worstCells } from '../../src/eval/confusion.js';

// A worked example small enough to count by hand: 3 classes, 8 samples.
//   true:      0 0 0 1 1 2 2 2
//   predicted: 0 1 0 1 2 2 0 2
const labels = [0, 0, 0, 1, 1, 2, 2, 2];
const predictions = [0, 1, 0, 1, 2, 2, 0, 2];

describe('confusionMatrix', () => {
  it('puts true classes on rows and predictions on columns', () => {
    const matrix = confusionMatrix(labels, predictions, 3);
    expect(matrix.counts).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 2],
    ]);
    expect(matrix.total).toBe(8);
    expect(matrix.correct).toBe(5);
    expect(accuracyOf(matrix)).toBe(5 / 8);
  });

  it('sums to the sample count, and its diagonal to the number of equal pairs', () => {
    const pairs = fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 300 });
    fc.assert(
      fc.property(pairs, (list) => {
        const matrix = confusionMatrix(
          list.map(([t]) => t),
          list.map(([, p]) => p),
          10,
        );
        const sum = matrix.counts.flat().reduce((a, b) => a + b, 0);
        const diagonal = matrix.counts.reduce((a, row, i) => a + row[i], 0);
        const equal = list.filter(([t, p]) => t === p).length;
        expect(sum).toBe(list.length);
        expect(diagonal).toBe(equal);
        expect(matrix.correct).toBe(equal);
        expect(accuracyOf(matrix) * list.length).toBeCloseTo(equal, 9);
        // each cell counted independently, by filtering the pairs
        for (let t = 0; t < 10; t++) {
          for (let p = 0; p < 10; p++) {
            expect(matrix.counts[t][p]).toBe(list.filter(([a, b]) => a === t && b === p).length);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects classes outside the range and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 10], [0, 1], 10)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0, -1], 10)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0], 10)).toThrow(RangeError);
  });

  it('gives accuracy 0 on an empty set rather than NaN', () => {
    expect(accuracyOf(confusionMatrix([], [], 10))).toBe(0);
  });
});

describe('classScores', () => {
  it('computes precision over columns and recall over rows (hand-counted example)', () => {
    const scores = classScores(confusionMatrix(labels, predictions, 3));
    expect(scores).toEqual([
      { digit: 0, precision: 2 / 3, recall: 2 / 3, support: 3, predicted: 3 },
      { digit: 1, precision: 1 / 2, recall: 1 / 2, support: 2, predicted: 2 },
      { digit: 2, precision: 2 / 3, recall: 2 / 3, support: 3, predicted: 3 },
    ]);
  });

  it('reports null, not NaN, for a class never predicted or never present', () => {
    const scores = classScores(confusionMatrix([0, 0, 1], [0, 0, 0], 3));
    expect(scores[1]).toEqual({ digit: 1, precision: null, recall: 0, support: 1, predicted: 0 });
    expect(scores[2]).toEqual({
      digit: 2,
      precision: null,
      recall: null,
      support: 0,
      predicted: 0,
    });
  });
});

describe('worstCells', () => {
  it('lists off-diagonal cells largest first, ties by true class then prediction', () => {
    const matrix = confusionMatrix(
      [4, 4, 4, 9, 9, 9, 7, 7, 3, 3, 3, 3],
      [9, 9, 9, 4, 4, 4, 1, 2, 3, 3, 3, 3],
      10,
    );
    expect(worstCells(matrix, 3)).toEqual([
      { actual: 4, predicted: 9, count: 3 },
      { actual: 9, predicted: 4, count: 3 },
      { actual: 7, predicted: 1, count: 1 },
    ]);
  });

  it('never lists the diagonal or empty cells', () => {
    const matrix = confusionMatrix([0, 1, 2], [0, 1, 2], 3);
    expect(worstCells(matrix, 5)).toEqual([]);
  });
});
