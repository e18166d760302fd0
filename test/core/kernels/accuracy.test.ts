import { describe, expect, it } from 'vitest';
import { countCorrect } from '../../../src/core/kernels/accuracy.js';
import { countCorrectReference } from '../../../src/core/kernels/reference/accuracy.js';
import { randomArray } from './cases.js';

describe('countCorrect equals its naive twin', () => {
  for (const [rows, cols] of [
    [1, 1],
    [1, 10],
    [7, 3],
    [100, 10],
  ]) {
    it(`on random scores (${rows}, ${cols}), ties among them`, () => {
      // Scores rounded to tenths tie often: both must take the first of equal maxima.
      const scores = randomArray(rows * cols).map((v) => Math.round(v * 10) / 10);
      const labels = Int32Array.from(randomArray(rows), (v) => Math.floor(((v + 1) / 2) * cols));
      expect(countCorrect(scores, labels, rows, cols)).toBe(
        countCorrectReference(scores, labels, rows, cols),
      );
    });
  }

  it('takes the first of equal maxima, as numpy does', () => {
    const scores = Float64Array.from([1, 3, 3, 0, 2, 2, 2, 1]);
    expect(countCorrect(scores, [1, 0], 2, 4)).toBe(2);
    expect(countCorrect(scores, [2, 1], 2, 4)).toBe(0);
  });
});
