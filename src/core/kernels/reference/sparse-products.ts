// Naive twins of ../sparse-products.ts: the selected rows written out in full, then the naive
// dense products.

import type { Floats } from '../../floats.js';
import type { SparseRows } from '../sparse-products.js';
import { matmulReference, matmulTransAReference } from './products.js';
import { sgdStepReference } from './updates.js';

// -> (m, k), the rows[indices] written out in full; rows: sparse (·, k), indices: (m)
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

// out: (m, n) = rows[indices]·b; rows: sparse (·, k), indices: (m), b: (k, n)
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

// out: (k, n) = rows[indices]ᵀ·b; rows: sparse (·, k), indices: (m), b: (m, n)
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

// param: (k, n) -= lr · rows[indices]ᵀ·b; rows: sparse (·, k), indices: (m), b: (m, n)
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
