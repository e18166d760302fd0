// Kernels that work a row at a time: the bias added to every row and its gradient (the column
// sums), the row-wise softmax, cross-entropy and argmax of the output layer, and the
// softmax-with-loss backward pass (book 3.5, 4.2, 5.6).
// Each naive twin is in reference/rows.ts; tests hold the two equal.

import type { Floats } from '../floats.js';

// out: (m, n) = a + bias on every row; a: (m, n), bias: (n); out may be a
export function addRowVector(out: Floats, a: Floats, bias: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[row + j] = a[row + j] + bias[j];
  }
}

// out: (n) = the sum of a's rows (numpy's a.sum(axis=0)); a: (m, n)
export function sumRows(out: Floats, a: Floats, m: number, n: number): void {
  out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += a[row + j];
  }
}

// out: (m) = the index of the first largest value of each row (numpy's argmax(axis=1)); a: (m, n)
export function argmaxRows(out: Int32Array, a: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let best = 0;
    let bestValue = a[row];
    for (let j = 1; j < n; j++) {
      const v = a[row + j];
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
}

// out: (m, n), each row exp(a - max) / sum(exp(a - max)); a: (m, n); out may be a
// The row's maximum is subtracted first so that exp never overflows (book 3.5.2).
export function softmaxRows(out: Floats, a: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let max = a[row];
    for (let j = 1; j < n; j++) if (a[row + j] > max) max = a[row + j];
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(a[row + j] - max);
      out[row + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) out[row + j] /= sum;
  }
}

// -> the mean over rows of -log(y[label] + delta); y: (m, n) probabilities, labels: (m)
// The book's cross_entropy_error with label indices; delta keeps log away from -infinity.
export function crossEntropyRows(
  y: Floats,
  labels: ArrayLike<number>,
  m: number,
  n: number,
  delta: number,
): number {
  let sum = 0;
  for (let i = 0; i < m; i++) sum += Math.log(y[i * n + labels[i]] + delta);
  return -sum / m;
}

// out: (m) = -log(y[label] + delta) for each row; y: (m, n) probabilities, labels: (m)
// crossEntropyRows's terms one by one, for a set scored in chunks or on several threads: added
// up from 0 in row order they give its -sum to the last bit (rounding is symmetric in sign).
export function crossEntropyEach(
  out: Float64Array,
  y: Floats,
  labels: ArrayLike<number>,
  m: number,
  n: number,
  delta: number,
): void {
  for (let i = 0; i < m; i++) out[i] = -Math.log(y[i * n + labels[i]] + delta);
}

// dx: (m, n) = (y - onehot(labels)) / m * dout; y: (m, n) probabilities, labels: (m)
// Softmax and cross-entropy differentiated together: the famously clean (y - t) / batch_size.
export function softmaxLossBackward(
  dx: Floats,
  y: Floats,
  labels: ArrayLike<number>,
  m: number,
  n: number,
  dout: number,
): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    const label = labels[i];
    for (let j = 0; j < n; j++) {
      const target = j === label ? 1 : 0;
      dx[row + j] = ((y[row + j] - target) / m) * dout;
    }
  }
}
