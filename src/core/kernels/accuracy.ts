// How many rows a network's scores classify as their labels say: the numerator of the book's
// accuracy, np.sum(np.argmax(y, axis=1) == t). Naive twin in reference/accuracy.ts.

import type { Floats } from '../floats.js';

// scores: (rows, cols), labels: (rows) -> the count of rows whose first largest score is at
// the label's column
export function countCorrect(
  scores: Floats,
  labels: ArrayLike<number>,
  rows: number,
  cols: number,
): number {
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let best = 0;
    let bestValue = scores[row];
    for (let j = 1; j < cols; j++) {
      if (scores[row + j] > bestValue) {
        bestValue = scores[row + j];
        best = j;
      }
    }
    if (best === labels[i]) correct++;
  }
  return correct;
}
