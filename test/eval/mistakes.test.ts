import { describe, expect, it } from 'vitest';
import { mostConfidentMistakes, topK } from '../../src/eval/mistakes.js';

describe('topK', () => {
  it('ranks classes by probability, ties to the smaller digit', () => {
    expect(topK([0.1, 0.5, 0.1, 0.3], 3)).toEqual([
      { digit: 1, probability: 0.5 },
      { digit: 3, probability: 0.3 },
      { digit: 0, probability: 0.1 },
    ]);
  });

  it('returns every class when k exceeds their number', () => {
    expect(topK([0.4, 0.6], 5).map((c) => c.digit)).toEqual([1, 0]);
  });
});

describe('mostConfidentMistakes', () => {
  // 5 samples of 3 classes; samples 1, 2 and 4 are wrong, with confidence 0.7, 0.9 and 0.9.
  const probabilities = [
    [0.8, 0.1, 0.1],
    [0.2, 0.7, 0.1],
    [0.05, 0.05, 0.9],
    [0.1, 0.1, 0.8],
    [0.9, 0.05, 0.05],
  ].flat();
  const predictions = [0, 1, 2, 2, 0];
  const labels = [0, 0, 1, 2, 2];

  it('lists the wrong samples surest first, ties to the earlier sample', () => {
    const mistakes = mostConfidentMistakes(probabilities, predictions, labels, 3, 10);
    expect(mistakes.map((m) => [m.index, m.label, m.predicted, m.confidence])).toEqual([
      [2, 1, 2, 0.9],
      [4, 2, 0, 0.9],
      [1, 0, 1, 0.7],
    ]);
    expect(mistakes[0].top).toEqual([
      { digit: 2, probability: 0.9 },
      { digit: 0, probability: 0.05 },
      { digit: 1, probability: 0.05 },
    ]);
  });

  it('keeps only the requested number, and none for 0', () => {
    expect(mostConfidentMistakes(probabilities, predictions, labels, 3, 1)).toHaveLength(1);
    expect(mostConfidentMistakes(probabilities, predictions, labels, 3, 0)).toEqual([]);
  });

  it('uses the predictions it is given, even where a probability ties', () => {
    // argmax of scores said 1; the rounded probabilities tie 0 and 1
    const mistakes = mostConfidentMistakes([0.5, 0.5], [1], [0], 2, 1);
    expect(mistakes[0].predicted).toBe(1);
  });

  it('rejects shapes that do not fit', () => {
    expect(() => mostConfidentMistakes([0.5, 0.5], [0, 1], [0], 2, 1)).toThrow(RangeError);
  });
});
