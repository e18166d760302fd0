// Products with a batch read straight from sparse MNIST rows, twins of
// src/core/kernels/sparse-products.ts: the input layer's forward product, its weight gradient,
// and that gradient fused with its SGD step.

import { accumulate } from './lists';
import { sgdStep } from './updates';
import { align16 } from './vectors';

// A sparse matrix in CSR form: row r's entries are [rowStarts[r], rowStarts[r + 1]) of columns
// (u16) and codes (u8), and an entry's value is table[code].

// out: (m, n) = rows[indices]·b; rows: CSR (·, k), indices: (m) i32, b: (k, n)
// A training batch or an evaluation chunk of MNIST: only stored non-zeros are visited, in
// ascending column order, as matmul visits the non-zeros of the same rows made dense.
export function gatherMatmul<T>(
  out: usize,
  rowStarts: usize,
  columns: usize,
  codes: usize,
  table: usize,
  indices: usize,
  m: i32,
  b: usize,
  n: i32,
): void {
  const size = sizeof<T>();
  const rowBytes = <usize>n * size;
  for (let i = 0; i < m; i++) {
    const index = <usize>load<i32>(indices + ((<usize>i) << 2));
    const start = <usize>load<u32>(rowStarts + (index << 2));
    const count = <i32>(<usize>load<u32>(rowStarts + ((index + 1) << 2)) - start);
    const row = out + <usize>i * rowBytes;
    accumulate<T, u8>(row, b, n, columns + (start << 1), codes + start, count, table, rowBytes);
  }
}

// out: (k, n) = rows[indices]ᵀ·b; rows: CSR (·, k), indices: (m) i32, b: (m, n)
// The weight gradient of the input layer. The batch's entries are sorted by column (counting
// sort; batch rows stay ascending within a column), so each output row is one list summed in
// registers, in the order matmulTransA sums the same rows made dense.
// scratch: 8k + 32 + 12·(entries of the batch) bytes
export function gatherMatmulTransA<T>(
  out: usize,
  rowStarts: usize,
  columns: usize,
  codes: usize,
  table: usize,
  indices: usize,
  m: i32,
  k: i32,
  b: usize,
  n: i32,
  scratch: usize,
): void {
  gatherProducts<T>(out, rowStarts, columns, codes, table, indices, m, k, b, n, scratch, false, 0);
}

// param: (k, n) -= lr · rows[indices]ᵀ·b; rows: CSR (·, k), indices: (m) i32, b: (m, n)
// The input layer's SGD step with its gradient summed a row at a time (SGD fused in): rows whose
// column no pixel of the batch lights have a zero gradient, leave the parameter exactly as it
// is, and are skipped. scratch: 8k + 32 + 12·(entries of the batch) + n·sizeof(T) bytes
export function gatherSgdStep<T>(
  param: usize,
  rowStarts: usize,
  columns: usize,
  codes: usize,
  table: usize,
  indices: usize,
  m: i32,
  k: i32,
  b: usize,
  n: i32,
  learningRate: T,
  scratch: usize,
): void {
  const lr = learningRate;
  gatherProducts<T>(
    param,
    rowStarts,
    columns,
    codes,
    table,
    indices,
    m,
    k,
    b,
    n,
    scratch,
    true,
    lr,
  );
}

// Both of the above: with isUpdate, out is a parameter and gets out -= learningRate · (the
// product) a row at a time; without, out is the product.
function gatherProducts<T>(
  out: usize,
  rowStarts: usize,
  columns: usize,
  codes: usize,
  table: usize,
  indices: usize,
  m: i32,
  k: i32,
  b: usize,
  n: i32,
  scratch: usize,
  isUpdate: bool,
  learningRate: T,
): void {
  const size = sizeof<T>();
  const starts = scratch;
  const cursors = scratch + ((<usize>k) << 2);
  memory.fill(starts, 0, (<usize>k) << 2);
  for (let i = 0; i < m; i++) {
    const index = <usize>load<i32>(indices + ((<usize>i) << 2));
    const end = <usize>load<u32>(rowStarts + ((index + 1) << 2));
    for (let t = <usize>load<u32>(rowStarts + (index << 2)); t < end; t++) {
      const at = starts + ((<usize>load<u16>(columns + (t << 1))) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
  }
  let total: u32 = 0;
  for (let c = 0; c < k; c++) {
    const at = (<usize>c) << 2;
    const count = load<u32>(starts + at);
    store<u32>(starts + at, total);
    store<u32>(cursors + at, total);
    total += count;
  }
  const offsets = cursors + ((<usize>k) << 2);
  const values = align16(offsets + ((<usize>total) << 2));
  const rowBytes = <u32>(<usize>n * size);
  for (let i = 0; i < m; i++) {
    const index = <usize>load<i32>(indices + ((<usize>i) << 2));
    const end = <usize>load<u32>(rowStarts + ((index + 1) << 2));
    for (let t = <usize>load<u32>(rowStarts + (index << 2)); t < end; t++) {
      const at = cursors + ((<usize>load<u16>(columns + (t << 1))) << 2);
      const slot = <usize>load<u32>(at);
      store<u32>(at, <u32>slot + 1);
      store<u32>(offsets + (slot << 2), <u32>i * rowBytes);
      const code = <usize>load<u8>(codes + t);
      store<T>(values + slot * size, load<T>(table + code * size));
    }
  }
  const gradient = align16(values + <usize>total * size);
  for (let c = 0; c < k; c++) {
    const start = <usize>load<u32>(starts + ((<usize>c) << 2));
    const count = <i32>(<usize>load<u32>(cursors + ((<usize>c) << 2)) - start);
    const row = out + <usize>c * <usize>n * size;
    if (!isUpdate) {
      accumulate<T, u32>(row, b, n, offsets + (start << 2), values + start * size, count, 0, 0);
    } else if (count > 0) {
      const at = offsets + (start << 2);
      accumulate<T, u32>(gradient, b, n, at, values + start * size, count, 0, 0);
      sgdStep<T>(row, gradient, learningRate, n);
    }
  }
}
