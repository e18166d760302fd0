// The lists the products sum over (products.ts, sparse-products.ts). A product first lists the
// non-zeros of its left operand — for each, where its row of b starts and the value multiplying
// it — then runs register blocks of four output columns over the list, so each output is summed
// in locals and stored once. Zeros never enter a list: MNIST pixels are 81% zeros.
//
// Every output is summed over the inner dimension in ascending order from +0, as the naive
// references and the WebAssembly kernels sum it: the backends agree bit for bit.

import type { Floats } from '../floats.js';

/** Grown, never shrunk, so the training loop allocates nothing once its first step sized them. */
export const lists = {
  /** Per entry: the offset of its row of b, and its multiplier. */
  offsets: new Int32Array(1024),
  values: new Float64Array(1024),
  /** Per output row, when a counting sort builds the lists: where its list starts, and a cursor. */
  starts: new Int32Array(1024),
  cursors: new Int32Array(1024),
};

export function reserveList(length: number): void {
  if (length > lists.offsets.length) {
    lists.offsets = new Int32Array(length);
    lists.values = new Float64Array(length);
  }
}

export function reserveColumns(length: number): void {
  if (length > lists.starts.length) {
    lists.starts = new Int32Array(length);
    lists.cursors = new Int32Array(length);
  }
}

// starts[1 .. count] holds each list's length: turn them into start offsets (a counting sort's
// prefix sum), set each list's write cursor to its start, and size the list storage.
export function startLists(count: number): void {
  const { starts, cursors } = lists;
  for (let c = 0; c < count; c++) {
    starts[c + 1] += starts[c];
    cursors[c] = starts[c];
  }
  reserveList(starts[count]);
}

// list [start, start + count) of (offset, value), b: (·, n) -> out[outStart .. + n) = Σ value · b[offset ..]
export function accumulate(
  out: Floats,
  outStart: number,
  b: Floats,
  n: number,
  start: number,
  count: number,
): void {
  const { offsets, values } = lists;
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
