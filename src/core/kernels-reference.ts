// Naive kernels: the algorithmic reference that every fast kernel is tested against.
// Written for obviousness, not speed. Shapes are row-major; outputs first, then inputs, then sizes.

import type { Floats } from './kernels.js';
import type { SparseRows } from './sparse-rows.js';

// a: (m, k), b: (k, n) -> out: (m, n)
export function matmulReference(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
      out[i * n + j] = sum;
    }
  }
}

// a: (k, m), b: (k, n) -> out: (m, n) = aᵀ·b
export function matmulTransAReference(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[p * m + i] * b[p * n + j];
      out[i * n + j] = sum;
    }
  }
}

// a: (m, k), b: (n, k) -> out: (m, n) = a·bᵀ
export function matmulTransBReference(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[j * k + p];
      out[i * n + j] = sum;
    }
  }
}

// a: (m, n), bias: (n) -> out: (m, n) = a + bias on every row
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

// a: (m, n) -> out: (n) = sum over rows (numpy's a.sum(axis=0))
export function sumRowsReference(out: Floats, a: Floats, m: number, n: number): void {
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += a[i * n + j];
    out[j] = sum;
  }
}

// a: (m, n) -> out: (m) = index of the first largest value of each row (numpy's argmax(axis=1))
export function argmaxRowsReference(out: Int32Array, a: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (a[i * n + j] > a[i * n + best]) best = j;
    out[i] = best;
  }
}

// rows: sparse (·, k), indices: (m), b: (k, n) -> out: (m, n) = rows[indices] · b
export function gatherMatmulReference(
  out: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
): void {
  const k = rows.columnCount;
  matmulReference(out, denseRows(rows, indices, m), b, m, k, n);
}

// rows: sparse (·, k), indices: (m), b: (m, n) -> out: (k, n) = rows[indices]ᵀ · b
export function gatherMatmulTransAReference(
  out: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
): void {
  const k = rows.columnCount;
  matmulTransAReference(out, denseRows(rows, indices, m), b, k, m, n);
}

// param: (k, n), rows: sparse (·, k), indices: (m), b: (m, n) -> param -= lr · rows[indices]ᵀ·b
export function gatherSgdStepReference(
  param: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
  learningRate: number,
): void {
  const grad = new Float64Array(rows.columnCount * n);
  gatherMatmulTransAReference(grad, rows, indices, m, b, n);
  sgdStepReference(param, grad, learningRate, grad.length);
}

// rows: sparse (·, k), indices: (m) -> (m, k), the selected rows written out in full
export function denseRows(rows: SparseRows, indices: ArrayLike<number>, m: number): Float64Array {
  const k = rows.columnCount;
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const r = indices[i];
    for (let t = rows.rowStarts[r]; t < rows.rowStarts[r + 1]; t++) {
      out[i * k + rows.columns[t]] = rows.table[rows.codes[t]];
    }
  }
  return out;
}

// param, grad: (length) -> param = param - lr * grad
export function sgdStepReference(
  param: Floats,
  grad: Floats,
  learningRate: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) param[i] = param[i] - learningRate * grad[i];
}
