// Matrix products, twins of src/core/kernels/products.ts. The non-zeros of the left operand are
// listed first (MNIST pixels are 81% zeros), then each output row is accumulated from its list.

import { accumulate, accumulateBlock } from './lists';
import { align16 } from './vectors';

// Bit e set when element e of the 64-byte block at q is not zero (8 float64s or 16 float32s).
// Iterating the set bits replaces one unpredictable branch per element by one per non-zero.
function nonZeroMask<T>(q: usize): i32 {
  const zero = v128.splat<T>(0);
  if (sizeof<T>() == 8) {
    return (
      v128.bitmask<i64>(v128.ne<T>(v128.load(q), zero)) |
      (v128.bitmask<i64>(v128.ne<T>(v128.load(q, 16), zero)) << 2) |
      (v128.bitmask<i64>(v128.ne<T>(v128.load(q, 32), zero)) << 4) |
      (v128.bitmask<i64>(v128.ne<T>(v128.load(q, 48), zero)) << 6)
    );
  }
  return (
    v128.bitmask<i32>(v128.ne<T>(v128.load(q), zero)) |
    (v128.bitmask<i32>(v128.ne<T>(v128.load(q, 16), zero)) << 4) |
    (v128.bitmask<i32>(v128.ne<T>(v128.load(q, 32), zero)) << 8) |
    (v128.bitmask<i32>(v128.ne<T>(v128.load(q, 48), zero)) << 12)
  );
}

// row: (k) -> appends (p · rowBytes, row[p]) for every non-zero row[p]; returns the new count.
function compactRow<T>(
  offsets: usize,
  values: usize,
  count: i32,
  row: usize,
  k: i32,
  rowBytes: u32,
): i32 {
  const perBlock = <i32>(64 / sizeof<T>());
  let p = 0;
  for (; p + perBlock <= k; p += perBlock) {
    const q = row + <usize>p * sizeof<T>();
    let mask = nonZeroMask<T>(q);
    while (mask != 0) {
      const e = ctz<i32>(mask);
      mask &= mask - 1;
      store<u32>(offsets + ((<usize>count) << 2), <u32>(p + e) * rowBytes);
      store<T>(values + <usize>count * sizeof<T>(), load<T>(q + <usize>e * sizeof<T>()));
      count++;
    }
  }
  for (; p < k; p++) {
    const v = load<T>(row + <usize>p * sizeof<T>());
    if (v != 0) {
      store<u32>(offsets + ((<usize>count) << 2), <u32>p * rowBytes);
      store<T>(values + <usize>count * sizeof<T>(), v);
      count++;
    }
  }
  return count;
}

// Rows of a whose lists matmul holds at once: each register block's columns of b are read for
// all of them before the next block's, so those columns stay in the first-level cache (a
// 100 x 100 float64 layer is 80 kB, a block's 26 of its columns 21 kB).
const MATMUL_GROUP_ROWS = 32;

// a: (m, k), b: (k, n) -> out: (m, n); scratch: 12 · MATMUL_GROUP_ROWS · k + 4 · 33 + 32 bytes
export function matmul<T>(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  const size = sizeof<T>();
  const starts = scratch;
  const offsets = align16(starts + ((<usize>MATMUL_GROUP_ROWS + 1) << 2));
  const values = align16(offsets + ((<usize>MATMUL_GROUP_ROWS * <usize>k) << 2));
  const rowBytes = <u32>(<usize>n * size);
  for (let first = 0; first < m; first += MATMUL_GROUP_ROWS) {
    const rows = min(MATMUL_GROUP_ROWS, m - first);
    let count = 0;
    for (let r = 0; r < rows; r++) {
      store<u32>(starts + ((<usize>r) << 2), <u32>count);
      const row = a + <usize>(first + r) * <usize>k * size;
      count = compactRow<T>(offsets, values, count, row, k, rowBytes);
    }
    store<u32>(starts + ((<usize>rows) << 2), <u32>count);
    let j = 0;
    while (j < n) {
      let next = j;
      for (let r = 0; r < rows; r++) {
        const start = <usize>load<u32>(starts + ((<usize>r) << 2));
        const end = <usize>load<u32>(starts + ((<usize>r + 1) << 2));
        next = accumulateBlock<T, u32>(
          out + <usize>(first + r) * <usize>n * size,
          b,
          n,
          j,
          offsets + (start << 2),
          values + start * size,
          <i32>(end - start),
          0,
          0,
        );
      }
      j = next;
    }
  }
}

// row: (m) -> for each non-zero row[i]: stores (rowOffset, row[i]) at slot cursors[i]++ of the
// lists.
function scanColumns<T>(
  row: usize,
  m: i32,
  cursors: usize,
  offsets: usize,
  values: usize,
  rowOffset: u32,
): void {
  const perBlock = <i32>(64 / sizeof<T>());
  let i = 0;
  for (; i + perBlock <= m; i += perBlock) {
    const q = row + <usize>i * sizeof<T>();
    let mask = nonZeroMask<T>(q);
    while (mask != 0) {
      const e = ctz<i32>(mask);
      mask &= mask - 1;
      note<T>(q + <usize>e * sizeof<T>(), i + e, cursors, offsets, values, rowOffset);
    }
  }
  for (; i < m; i++) {
    const q = row + <usize>i * sizeof<T>();
    if (load<T>(q) != 0) note<T>(q, i, cursors, offsets, values, rowOffset);
  }
}

// One non-zero of column i at address q, for scanColumns.
function note<T>(
  q: usize,
  i: i32,
  cursors: usize,
  offsets: usize,
  values: usize,
  rowOffset: u32,
): void {
  const at = cursors + ((<usize>i) << 2);
  const slot = <usize>load<u32>(at);
  store<u32>(at, <u32>slot + 1);
  store<u32>(offsets + (slot << 2), rowOffset);
  store<T>(values + slot * sizeof<T>(), load<T>(q));
}

// a: (k, m), b: (k, n) -> out: (m, n) = aᵀ·b; scratch: 4m + 32 + 12·k·m bytes
// Column i of a lists its non-zeros in slots [i·k, i·k + k) of the scratch, rows ascending, in
// one pass over a (room for a whole column each, so no pass counts them first); each output row
// is then one list accumulated in registers, as in matmul.
export function matmulTransA<T>(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  const size = sizeof<T>();
  const cursors = scratch;
  for (let i = 0; i < m; i++) store<u32>(cursors + ((<usize>i) << 2), <u32>(i * k));
  const offsets = align16(cursors + ((<usize>m) << 2));
  const values = align16(offsets + ((<usize>m * <usize>k) << 2));
  const rowBytes = <u32>(<usize>n * size);
  for (let p = 0; p < k; p++) {
    const row = a + <usize>p * <usize>m * size;
    scanColumns<T>(row, m, cursors, offsets, values, <u32>p * rowBytes);
  }
  for (let i = 0; i < m; i++) {
    const start = <usize>i * <usize>k;
    const end = <usize>load<u32>(cursors + ((<usize>i) << 2));
    accumulate<T, u32>(
      out + <usize>i * <usize>n * size,
      b,
      n,
      offsets + (start << 2),
      values + start * size,
      <i32>(end - start),
      0,
      0,
    );
  }
}

// a: (m, k), b: (n, k) -> out: (m, n) = a·bᵀ; scratch: k·n·sizeof(T) + 16 + matmul's scratch
// b is transposed once so the product becomes matmul's row-streaming form.
export function matmulTransB<T>(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  const size = sizeof<T>();
  const bt = scratch;
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < k; p++) {
      store<T>(
        bt + (<usize>p * <usize>n + j) * size,
        load<T>(b + (<usize>j * <usize>k + p) * size),
      );
    }
  }
  matmul<T>(out, a, bt, m, k, n, align16(bt + <usize>k * <usize>n * size));
}
