// Elementwise and row-wise kernels of the activation and output layers, over typed arrays.
// Each mirrors the book's numpy expression operation for operation, so results agree with it
// to the last bit wherever numpy's own arithmetic is elementwise.

import type { Floats } from './kernels.js';

// a: (length) -> out: (length) = 1 / (1 + exp(-a)); out may be a
export function sigmoidForward(out: Floats, a: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = 1 / (1 + Math.exp(-a[i]));
}

// dout, y: (length) -> dx: (length) = dout * (1 - y) * y, y being the forward output
export function sigmoidBackward(dx: Floats, dout: Floats, y: Floats, length: number): void {
  for (let i = 0; i < length; i++) dx[i] = dout[i] * (1 - y[i]) * y[i];
}

// a: (length) -> out: (length) = max(a, 0); out may be a
export function reluForward(out: Floats, a: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = a[i] > 0 ? a[i] : 0;
}

// dout, y: (length) -> dx: (length) = dout where the forward output was positive, else 0
export function reluBackward(dx: Floats, dout: Floats, y: Floats, length: number): void {
  for (let i = 0; i < length; i++) dx[i] = y[i] > 0 ? dout[i] : 0;
}

// a: (m, n) -> out: (m, n), each row exp(a - max) / sum(exp(a - max)); out may be a
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

// y: (m, n) probabilities, labels: (m) -> mean over rows of -log(y[label] + delta)
// (the book's cross_entropy_error with label indices; delta keeps log away from -infinity)
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
