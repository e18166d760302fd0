// Products with a batch of MNIST read straight from its sparse rows, never made dense: the input
// layer's forward product, its weight gradient, and that gradient fused with its SGD step.
// Each naive twin is in reference/sparse-products.ts; tests hold the two equal.

import type { Floats } from '../floats.js';
import { accumulate, lists, reserveColumns, reserveList, startLists } from './lists.js';

/**
 * A matrix of small codes stored by rows of non-zeros (CSR), each code read through a table: an
 * MNIST image keeps only its ~150 lit pixels of 784, a u16 column and a u8 code each.
 * src/fast/sparse-rows.ts builds them.
 */
export interface SparseRows {
  readonly rowCount: number;
  readonly columnCount: number;
  /** rowCount + 1 entries: row i's non-zeros are [rowStarts[i], rowStarts[i + 1]). */
  readonly rowStarts: Uint32Array;
  readonly columns: Uint16Array;
  readonly codes: Uint8Array;
  /** code -> value; code 0 must mean 0, since those entries are not stored. */
  readonly table: Float64Array;
}

// out: (m, n) = rows[indices]·b; rows: sparse (·, k), indices: (m), b: (k, n)
// Only stored non-zeros are visited, in ascending column order, as matmul visits the same rows
// made dense.
export function gatherMatmul(
  out: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
): void {
  const { rowStarts, columns, codes, table } = rows;
  for (let i = 0; i < m; i++) {
    const start = rowStarts[indices[i]];
    const count = rowStarts[indices[i] + 1] - start;
    reserveList(count);
    const { offsets, values } = lists;
    for (let t = 0; t < count; t++) {
      offsets[t] = columns[start + t] * n;
      values[t] = table[codes[start + t]];
    }
    accumulate(out, i * n, b, n, 0, count);
  }
}

// out: (k, n) = rows[indices]ᵀ·b; rows: sparse (·, k), indices: (m), b: (m, n)
// The input layer's weight gradient. The batch's entries are sorted by column (counting sort;
// batch rows stay ascending within a column), so each output row is one list, summed in the
// order matmulTransA sums the same rows made dense.
export function gatherMatmulTransA(
  out: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
): void {
  listByColumn(rows, indices, m, n);
  const { starts } = lists;
  for (let c = 0; c < rows.columnCount; c++) {
    accumulate(out, c * n, b, n, starts[c], starts[c + 1] - starts[c]);
  }
}

// A row of the gradient at a time, in the parameter's own precision.
let gradientRow = new Float64Array(64);
let gradientRow32 = new Float32Array(64);

// param: (k, n) -= lr · rows[indices]ᵀ·b; rows: sparse (·, k), indices: (m), b: (m, n)
// The input layer's SGD step with its gradient summed row by row as it goes: rows whose column
// no pixel of the batch lights have a zero gradient, leave the parameter as it is, and are
// skipped. Equal to gatherMatmulTransA then sgdStep, bit for bit.
export function gatherSgdStep(
  param: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
  learningRate: number,
): void {
  listByColumn(rows, indices, m, n);
  if (gradientRow.length < n) {
    gradientRow = new Float64Array(n);
    gradientRow32 = new Float32Array(n);
  }
  // A float32 parameter's gradient row is float32 too, as the unfused kernels would store it.
  const gradient = param instanceof Float32Array ? gradientRow32 : gradientRow;
  const { starts } = lists;
  for (let c = 0; c < rows.columnCount; c++) {
    const count = starts[c + 1] - starts[c];
    if (count === 0) continue;
    accumulate(gradient, 0, b, n, starts[c], count);
    const row = c * n;
    for (let j = 0; j < n; j++) param[row + j] -= learningRate * gradient[j];
  }
}

// The batch's entries as one list per column c, [starts[c], starts[c + 1]), each entry the
// offset of its batch row in b: (m, n) and its pixel value.
function listByColumn(rows: SparseRows, indices: ArrayLike<number>, m: number, n: number): void {
  const { rowStarts, columns, codes, table, columnCount: k } = rows;
  reserveColumns(k + 1);
  const { starts, cursors } = lists;
  starts.fill(0, 0, k + 1);
  for (let i = 0; i < m; i++) {
    const end = rowStarts[indices[i] + 1];
    for (let t = rowStarts[indices[i]]; t < end; t++) starts[columns[t] + 1]++;
  }
  startLists(k);
  const { offsets, values } = lists;
  for (let i = 0; i < m; i++) {
    const end = rowStarts[indices[i] + 1];
    for (let t = rowStarts[indices[i]]; t < end; t++) {
      const slot = cursors[columns[t]]++;
      offsets[slot] = i * n;
      values[slot] = table[codes[t]];
    }
  }
}
