// Naive twins of ../rows.ts, each written the most direct way, row by row.

import type { Floats } from '../../floats.js';

// out: (m, n) = a + bias on every row; a: (m, n), bias: (n)
export function addRowVectorReference(
  out: Floats,
  a: Floats,
  bias: Floats,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = a[i * n + j] + bias[j];
  }
}

// out: (n) = the sum of a's rows; a: (m, n)
export function sumRowsReference(out: Floats, a: Floats, m: number, n: number): void {
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += a[i * n + j];
    out[j] = sum;
  }
}

// out: (m) = the index of the first largest value of each row; a: (m, n)
export function argmaxRowsReference(out: Int32Array, a: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (a[i * n + j] > a[i * n + best]) best = j;
    out[i] = best;
  }
}

// out: (m, n), each row exp(a - max) / sum(exp(a - max)); a: (m, n)
export function softmaxRowsReference(out: Floats, a: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = Array.from(a.subarray(i * n, (i + 1) * n));
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const sum = exps.reduce((total, e) => total + e, 0);
    exps.forEach((e, j) => (out[i * n + j] = e / sum));
  }
}

// -> -Σ t · log(y + delta) / m over every element, t the one-hot rows of labels (the book's
// one-hot cross_entropy_error, 4.2.4); y: (m, n) probabilities, labels: (m)
export function crossEntropyRowsReference(
  y: Floats,
  labels: ArrayLike<number>,
  m: number,
  n: number,
  delta: number,
): number {
  let sum = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const t = j === labels[i] ? 1 : 0;
      sum += t * Math.log(y[i * n + j] + delta);
    }
  }
  return -sum / m;
}

// out: (m) = -Σ_j t_j · log(y_j + delta) for each row, t the one-hot row of its label
export function crossEntropyEachReference(
  out: Float64Array,
  y: Floats,
  labels: ArrayLike<number>,
  m: number,
  n: number,
  delta: number,
): void {
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const t = j === labels[i] ? 1 : 0;
      sum += t * Math.log(y[i * n + j] + delta);
    }
    out[i] = -sum;
  }
}

// dx: (m, n) = (y - t) / m · dout, t the one-hot rows of labels; y: (m, n), labels: (m)
export function softmaxLossBackwardReference(
  dx: Floats,
  y: Floats,
  labels: ArrayLike<number>,
  m: number,
  n: number,
  dout: number,
): void {
  for (let i = 0; i < m; i++) {
    const t = new Float64Array(n);
    t[labels[i]] = 1;
    for (let j = 0; j < n; j++) dx[i * n + j] = ((y[i * n + j] - t[j]) / m) * dout;
  }
}
