// Naive twin of accuracy.ts: the predictions first (numpy's argmax, the first of equal maxima),
// then the matches counted.

import type { Floats } from '../../floats.js';

// scores: (rows, cols), labels: (rows) -> count of rows with argmax(scores row) == label
export function countCorrectReference(
  scores: Floats,
  labels: ArrayLike<number>,
  rows: number,
  cols: number,
): number {
  const predicted = Array.from({ length: rows }, (_, i) => {
    const row = Array.from(scores.subarray(i * cols, (i + 1) * cols));
    return row.indexOf(Math.max(...row));
  });
  return predicted.filter((p, i) => p === labels[i]).length;
}
