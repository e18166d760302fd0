// Naive kernels: the algorithmic reference that every fast kernel is tested against.
// Written for obviousness, not speed. Shapes are row-major; outputs first, then inputs, then sizes.

import type { Floats } from './kernels.js';

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
