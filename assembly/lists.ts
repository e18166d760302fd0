// The lists the products sum over, twin of src/core/kernels/lists.ts: each output row of a
// product is the sum of a list of rows of b, each times a scalar, summed in registers.

import { lanes } from './vectors';

// A list of products to accumulate is two parallel arrays in scratch memory: the byte offset of
// a row of b (u32) and the scalar that multiplies it (T), which the inner loops load with one
// splatting load.

// Entry t of a list, read in one of two forms chosen at compile time by S. A list built for
// the purpose (S = u32): byte offsets of rows of b and the multipliers. Or a row of a sparse
// matrix as stored (S = u8): u16 columns and u8 codes, the row offset being column · rowBytes
// and the multiplier table[code] — read this way, a sparse row needs no list at all.
function entryValue<T, S>(values: usize, t: i32, table: usize): v128 {
  if (sizeof<S>() == 1) {
    return v128.load_splat<T>(table + <usize>load<u8>(values + <usize>t) * sizeof<T>());
  }
  return v128.load_splat<T>(values + <usize>t * sizeof<T>());
}

function entryRow<S>(offsets: usize, t: i32, rowBytes: usize): usize {
  if (sizeof<S>() == 1) return <usize>load<u16>(offsets + ((<usize>t) << 1)) * rowBytes;
  return <usize>load<u32>(offsets + ((<usize>t) << 2));
}

// list of count (offset, value) -> out: (n) = Σ value · b[offset .. offset + n)
// Columns go in register blocks of 13 or 12, 4 and 1 vectors, then the leftover columns;
// each block reads the list once and keeps its sums in registers.
export function accumulate<T, S>(
  out: usize,
  b: usize,
  n: i32,
  offsets: usize,
  values: usize,
  count: i32,
  table: usize,
  rowBytes: usize,
): void {
  let j = 0;
  while (j < n) j = accumulateBlock<T, S>(out, b, n, j, offsets, values, count, table, rowBytes);
}

// The register block of accumulate that starts at column j (which block depends on n, j and T
// only, so every row of a product takes the same ones): its columns of out, summed over the
// list. Returns the column after the block.
export function accumulateBlock<T, S>(
  out: usize,
  b: usize,
  n: i32,
  j: i32,
  offsets: usize,
  values: usize,
  count: i32,
  table: usize,
  rowBytes: usize,
): i32 {
  const width = lanes<T>();
  const size = sizeof<T>();
  // Blocks of 13 vectors first while they leave a multiple of 12: 25 vectors (50 float64
  // columns, the default hidden layer) go as 13 + 12 rather than 12 + 12 + 1, and 50 (100
  // float64 columns, chapter 6's layers) as 13 + 13 + 12 + 12 rather than 12 × 4 + 1 + 1: fewer
  // passes over the list, and 13 sums still fit the registers.
  if (((n - j) / width) % 12 != 0 && n - j >= 13 * width) {
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    let c1 = c0,
      c2 = c0,
      c3 = c0,
      c4 = c0,
      c5 = c0,
      c6 = c0,
      c7 = c0,
      c8 = c0,
      c9 = c0,
      c10 = c0,
      c11 = c0,
      c12 = c0;
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load(r, 0)));
      c1 = v128.add<T>(c1, v128.mul<T>(v, v128.load(r, 16)));
      c2 = v128.add<T>(c2, v128.mul<T>(v, v128.load(r, 32)));
      c3 = v128.add<T>(c3, v128.mul<T>(v, v128.load(r, 48)));
      c4 = v128.add<T>(c4, v128.mul<T>(v, v128.load(r, 64)));
      c5 = v128.add<T>(c5, v128.mul<T>(v, v128.load(r, 80)));
      c6 = v128.add<T>(c6, v128.mul<T>(v, v128.load(r, 96)));
      c7 = v128.add<T>(c7, v128.mul<T>(v, v128.load(r, 112)));
      c8 = v128.add<T>(c8, v128.mul<T>(v, v128.load(r, 128)));
      c9 = v128.add<T>(c9, v128.mul<T>(v, v128.load(r, 144)));
      c10 = v128.add<T>(c10, v128.mul<T>(v, v128.load(r, 160)));
      c11 = v128.add<T>(c11, v128.mul<T>(v, v128.load(r, 176)));
      c12 = v128.add<T>(c12, v128.mul<T>(v, v128.load(r, 192)));
    }
    const o = out + <usize>j * size;
    v128.store(o, c0, 0);
    v128.store(o, c1, 16);
    v128.store(o, c2, 32);
    v128.store(o, c3, 48);
    v128.store(o, c4, 64);
    v128.store(o, c5, 80);
    v128.store(o, c6, 96);
    v128.store(o, c7, 112);
    v128.store(o, c8, 128);
    v128.store(o, c9, 144);
    v128.store(o, c10, 160);
    v128.store(o, c11, 176);
    v128.store(o, c12, 192);
    return j + 13 * width;
  }
  // 50 float32 columns: 12 vectors and a half one, in one pass rather than two.
  if (sizeof<T>() == 4 && n - j == 12 * width + 2) {
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    let c1 = c0,
      c2 = c0,
      c3 = c0,
      c4 = c0,
      c5 = c0,
      c6 = c0,
      c7 = c0,
      c8 = c0,
      c9 = c0,
      c10 = c0,
      c11 = c0,
      c12 = c0;
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load(r, 0)));
      c1 = v128.add<T>(c1, v128.mul<T>(v, v128.load(r, 16)));
      c2 = v128.add<T>(c2, v128.mul<T>(v, v128.load(r, 32)));
      c3 = v128.add<T>(c3, v128.mul<T>(v, v128.load(r, 48)));
      c4 = v128.add<T>(c4, v128.mul<T>(v, v128.load(r, 64)));
      c5 = v128.add<T>(c5, v128.mul<T>(v, v128.load(r, 80)));
      c6 = v128.add<T>(c6, v128.mul<T>(v, v128.load(r, 96)));
      c7 = v128.add<T>(c7, v128.mul<T>(v, v128.load(r, 112)));
      c8 = v128.add<T>(c8, v128.mul<T>(v, v128.load(r, 128)));
      c9 = v128.add<T>(c9, v128.mul<T>(v, v128.load(r, 144)));
      c10 = v128.add<T>(c10, v128.mul<T>(v, v128.load(r, 160)));
      c11 = v128.add<T>(c11, v128.mul<T>(v, v128.load(r, 176)));
      c12 = v128.add<T>(c12, v128.mul<T>(v, v128.load64_zero(r, 192)));
    }
    const o = out + <usize>j * size;
    v128.store(o, c0, 0);
    v128.store(o, c1, 16);
    v128.store(o, c2, 32);
    v128.store(o, c3, 48);
    v128.store(o, c4, 64);
    v128.store(o, c5, 80);
    v128.store(o, c6, 96);
    v128.store(o, c7, 112);
    v128.store(o, c8, 128);
    v128.store(o, c9, 144);
    v128.store(o, c10, 160);
    v128.store(o, c11, 176);
    v128.store64_lane(o, c12, 0, 192);
    return n;
  }
  if (j + 12 * width <= n) {
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    let c1 = c0,
      c2 = c0,
      c3 = c0,
      c4 = c0,
      c5 = c0;
    let c6 = c0,
      c7 = c0,
      c8 = c0,
      c9 = c0,
      c10 = c0,
      c11 = c0;
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load(r, 0)));
      c1 = v128.add<T>(c1, v128.mul<T>(v, v128.load(r, 16)));
      c2 = v128.add<T>(c2, v128.mul<T>(v, v128.load(r, 32)));
      c3 = v128.add<T>(c3, v128.mul<T>(v, v128.load(r, 48)));
      c4 = v128.add<T>(c4, v128.mul<T>(v, v128.load(r, 64)));
      c5 = v128.add<T>(c5, v128.mul<T>(v, v128.load(r, 80)));
      c6 = v128.add<T>(c6, v128.mul<T>(v, v128.load(r, 96)));
      c7 = v128.add<T>(c7, v128.mul<T>(v, v128.load(r, 112)));
      c8 = v128.add<T>(c8, v128.mul<T>(v, v128.load(r, 128)));
      c9 = v128.add<T>(c9, v128.mul<T>(v, v128.load(r, 144)));
      c10 = v128.add<T>(c10, v128.mul<T>(v, v128.load(r, 160)));
      c11 = v128.add<T>(c11, v128.mul<T>(v, v128.load(r, 176)));
    }
    const o = out + <usize>j * size;
    v128.store(o, c0, 0);
    v128.store(o, c1, 16);
    v128.store(o, c2, 32);
    v128.store(o, c3, 48);
    v128.store(o, c4, 64);
    v128.store(o, c5, 80);
    v128.store(o, c6, 96);
    v128.store(o, c7, 112);
    v128.store(o, c8, 128);
    v128.store(o, c9, 144);
    v128.store(o, c10, 160);
    v128.store(o, c11, 176);
    return j + 12 * width;
  }
  if (j + 4 * width <= n) {
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    let c1 = c0,
      c2 = c0,
      c3 = c0;
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load(r, 0)));
      c1 = v128.add<T>(c1, v128.mul<T>(v, v128.load(r, 16)));
      c2 = v128.add<T>(c2, v128.mul<T>(v, v128.load(r, 32)));
      c3 = v128.add<T>(c3, v128.mul<T>(v, v128.load(r, 48)));
    }
    const o = out + <usize>j * size;
    v128.store(o, c0, 0);
    v128.store(o, c1, 16);
    v128.store(o, c2, 32);
    v128.store(o, c3, 48);
    return j + 4 * width;
  }
  if (j + width <= n) {
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load(r)));
    }
    v128.store(out + <usize>j * size, c0);
    return j + width;
  }
  if (sizeof<T>() == 4 && j + 2 <= n) {
    // Two float32 columns left: half a vector, so one pass instead of two scalar ones.
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load64_zero(r)));
    }
    v128.store64_lane(out + <usize>j * size, c0, 0);
    return j + 2;
  }
  const bj = b + <usize>j * size;
  let sum: T = 0;
  for (let t = 0; t < count; t++) {
    const v = v128.extract_lane<T>(entryValue<T, S>(values, t, table), 0);
    sum += v * load<T>(bj + entryRow<S>(offsets, t, rowBytes));
  }
  store<T>(out + <usize>j * size, sum);
  return j + 1;
}
