// Fast pure-TypeScript kernels over typed arrays: the default backend and the fallback for any
// other. Each has a naive twin in kernels-reference.ts; tests hold the two equal.
// Shapes are row-major; outputs first, then inputs, then sizes.
//
// The products first list the non-zeros of their left operand (MNIST pixels are 81% zeros), then
// run register blocks of four output columns over that list, so each output is summed in locals
// and stored once. Every output is accumulated over the inner dimension in ascending order from
// +0, which the WebAssembly kernels (assembly/kernels.ts) do too: the backends agree bit for bit.

import type { SparseRows } from './sparse-rows.js';

export type Floats = Float64Array | Float32Array;

// The lists of non-zeros: where the row of b starts, and the multiplier. Grown, never shrunk, so
// the training loop does not allocate once its first step has sized them.
let listOffsets = new Int32Array(1024);
let listValues = new Float64Array(1024);
let listStarts = new Int32Array(1024);
let listCursors = new Int32Array(1024);

function reserveList(length: number): void {
  if (length > listOffsets.length) {
    listOffsets = new Int32Array(length);
    listValues = new Float64Array(length);
  }
}

function reserveColumns(length: number): void {
  if (length > listStarts.length) {
    listStarts = new Int32Array(length);
    listCursors = new Int32Array(length);
  }
}

// listStarts[1 .. lists] holds each list's count: turn them into start offsets (a counting
// sort's prefix sum), set each list's write cursor to its start, and size the list storage.
function startLists(lists: number): void {
  const starts = listStarts;
  const cursors = listCursors;
  for (let c = 0; c < lists; c++) {
    starts[c + 1] += starts[c];
    cursors[c] = starts[c];
  }
  reserveList(starts[lists]);
}

// list [start, start + count) of (offset, value) -> out[outStart .. + n) = Σ value · b[offset ..]
function accumulate(
  out: Floats,
  outStart: number,
  b: Floats,
  n: number,
  start: number,
  count: number,
): void {
  const offsets = listOffsets;
  const values = listValues;
  const end = start + count;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    for (let t = start; t < end; t++) {
      const v = values[t];
      const r = offsets[t] + j;
      c0 += v * b[r];
      c1 += v * b[r + 1];
      c2 += v * b[r + 2];
      c3 += v * b[r + 3];
    }
    const o = outStart + j;
    out[o] = c0;
    out[o + 1] = c1;
    out[o + 2] = c2;
    out[o + 3] = c3;
  }
  for (; j < n; j++) {
    let c0 = 0;
    for (let t = start; t < end; t++) c0 += values[t] * b[offsets[t] + j];
    out[outStart + j] = c0;
  }
}

// a: (m, k), b: (k, n) -> out: (m, n)
// A zero in a skips a whole row of b, which is most of the work when a is a batch of MNIST images.
export function matmul(out: Floats, a: Floats, b: Floats, m: number, k: number, n: number): void {
  reserveList(k);
  const offsets = listOffsets;
  const values = listValues;
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    let count = 0;
    for (let p = 0; p < k; p++) {
      const v = a[aRow + p];
      if (v !== 0) {
        offsets[count] = p * n;
        values[count] = v;
        count++;
      }
    }
    accumulate(out, i * n, b, n, 0, count);
  }
}

// a: (k, m), b: (k, n) -> out: (m, n) = aᵀ·b
// The non-zeros of a are sorted by column (counting sort; rows stay ascending within a column),
// so each output row is one list, as in matmul. Zeros in a (MNIST pixels) never enter the lists.
export function matmulTransA(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  reserveColumns(m + 1);
  const starts = listStarts;
  const cursors = listCursors;
  starts.fill(0, 0, m + 1);
  for (let p = 0; p < k; p++) {
    const aRow = p * m;
    for (let i = 0; i < m; i++) if (a[aRow + i] !== 0) starts[i + 1]++;
  }
  startLists(m);
  const offsets = listOffsets;
  const values = listValues;
  for (let p = 0; p < k; p++) {
    const aRow = p * m;
    for (let i = 0; i < m; i++) {
      const v = a[aRow + i];
      if (v !== 0) {
        const slot = cursors[i]++;
        offsets[slot] = p * n;
        values[slot] = v;
      }
    }
  }
  for (let i = 0; i < m; i++) accumulate(out, i * n, b, n, starts[i], starts[i + 1] - starts[i]);
}

// a: (m, k), b: (n, k) -> out: (m, n) = a·bᵀ
// Four rows of b at a time share each load of a, summing four outputs in locals.
export function matmulTransB(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const outRow = i * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let p = 0; p < k; p++) {
        const v = a[aRow + p];
        c0 += v * b[b0 + p];
        c1 += v * b[b1 + p];
        c2 += v * b[b2 + p];
        c3 += v * b[b3 + p];
      }
      out[outRow + j] = c0;
      out[outRow + j + 1] = c1;
      out[outRow + j + 2] = c2;
      out[outRow + j + 3] = c3;
    }
    for (; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p] * b[bRow + p];
      out[outRow + j] = sum;
    }
  }
}

// rows: sparse (·, k), indices: (m), b: (k, n) -> out: (m, n) = rows[indices] · b
// A training batch or an evaluation chunk of MNIST, never made dense: only stored non-zeros are
// visited, in ascending column order, as matmul visits the same rows made dense.
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
    const offsets = listOffsets;
    const values = listValues;
    for (let t = 0; t < count; t++) {
      offsets[t] = columns[start + t] * n;
      values[t] = table[codes[start + t]];
    }
    accumulate(out, i * n, b, n, 0, count);
  }
}

// rows: sparse (·, k), indices: (m), b: (m, n) -> out: (k, n) = rows[indices]ᵀ · b
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
  gatherProducts(out, rows, indices, m, b, n, false, 0);
}

// param: (k, n), rows: sparse (·, k), indices: (m), b: (m, n) -> param -= lr · rows[indices]ᵀ·b
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
  gatherProducts(param, rows, indices, m, b, n, true, learningRate);
}

// A row of the gradient at a time, in the parameter's own precision.
let gradientRow = new Float64Array(64);
let gradientRow32 = new Float32Array(64);

function gatherProducts(
  out: Floats,
  rows: SparseRows,
  indices: ArrayLike<number>,
  m: number,
  b: Floats,
  n: number,
  isUpdate: boolean,
  learningRate: number,
): void {
  const { rowStarts, columns, codes, table, columnCount: k } = rows;
  reserveColumns(k + 1);
  const starts = listStarts;
  const cursors = listCursors;
  starts.fill(0, 0, k + 1);
  for (let i = 0; i < m; i++) {
    const end = rowStarts[indices[i] + 1];
    for (let t = rowStarts[indices[i]]; t < end; t++) starts[columns[t] + 1]++;
  }
  startLists(k);
  const offsets = listOffsets;
  const values = listValues;
  for (let i = 0; i < m; i++) {
    const end = rowStarts[indices[i] + 1];
    for (let t = rowStarts[indices[i]]; t < end; t++) {
      const slot = cursors[columns[t]]++;
      offsets[slot] = i * n;
      values[slot] = table[codes[t]];
    }
  }
  if (!isUpdate) {
    for (let c = 0; c < k; c++) accumulate(out, c * n, b, n, starts[c], starts[c + 1] - starts[c]);
    return;
  }
  if (gradientRow.length < n) {
    gradientRow = new Float64Array(n);
    gradientRow32 = new Float32Array(n);
  }
  // A float32 parameter's gradient row is float32 too, as the unfused kernels would store it.
  const gradient = out instanceof Float32Array ? gradientRow32 : gradientRow;
  for (let c = 0; c < k; c++) {
    const count = starts[c + 1] - starts[c];
    if (count === 0) continue;
    accumulate(gradient, 0, b, n, starts[c], count);
    const row = c * n;
    for (let j = 0; j < n; j++) out[row + j] -= learningRate * gradient[j];
  }
}

// param, grad: (length) -> param = param - lr * grad (numpy's params[key] -= lr * grads[key])
export function sgdStep(param: Floats, grad: Floats, learningRate: number, length: number): void {
  for (let i = 0; i < length; i++) param[i] -= learningRate * grad[i];
}

// a: (m, n), bias: (n) -> out: (m, n) = a + bias on every row; out may be a
export function addRowVector(out: Floats, a: Floats, bias: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[row + j] = a[row + j] + bias[j];
  }
}

// a: (m, n) -> out: (n) = sum over rows (numpy's a.sum(axis=0))
export function sumRows(out: Floats, a: Floats, m: number, n: number): void {
  out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += a[row + j];
  }
}

// a: (m, n) -> out: (m) = index of the first largest value of each row (numpy's argmax(axis=1))
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
