// Matrix products, the work of every Affine layer: x·W forward, dout·Wᵀ and xᵀ·dout backward.
// Each naive twin is in reference/products.ts; tests hold the two equal.

import type { Floats } from '../floats.js';
import { accumulate, lists, reserveColumns, reserveList, startLists } from './lists.js';

// out: (m, n) = a·b; a: (m, k), b: (k, n)
// A zero in a skips a whole row of b, which is most of the work when a is a batch of MNIST images.
export function matmul(out: Floats, a: Floats, b: Floats, m: number, k: number, n: number): void {
  reserveList(k);
  const { offsets, values } = lists;
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

// out: (m, n) = aᵀ·b; a: (k, m), b: (k, n)
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
  const { starts, cursors } = lists;
  starts.fill(0, 0, m + 1);
  for (let p = 0; p < k; p++) {
    const aRow = p * m;
    for (let i = 0; i < m; i++) if (a[aRow + i] !== 0) starts[i + 1]++;
  }
  startLists(m);
  const { offsets, values } = lists;
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

// out: (m, n) = a·bᵀ; a: (m, k), b: (n, k)
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
