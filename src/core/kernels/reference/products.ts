// Naive twins of ../products.ts: the algorithmic reference every fast product is tested against,
// written for obviousness, not speed.

import type { Floats } from '../../floats.js';

// out: (m, n) = a·b; a: (m, k), b: (k, n)
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

// out: (m, n) = aᵀ·b; a: (k, m), b: (k, n)
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

// out: (m, n) = a·bᵀ; a: (m, k), b: (n, k)
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
