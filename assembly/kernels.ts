// WebAssembly SIMD twins of src/core/kernels.ts, compiled by `npm run build`.
// Every pointer is a byte offset into the memory the host imports; sizes count elements.
// Each kernel is generic over the element type T (f64 or f32) and exported once per type.
// Products accumulate in the same order as the TypeScript kernels (over the inner dimension,
// ascending, from +0), and SIMD lanes only ever hold different output columns, so the two
// backends give bit-identical results.

// exp(x) as V8 computes Math.exp: the fdlibm algorithm (FreeBSD e_exp.c, as ported in V8's
// base/ieee754.cc), operation for operation, so that sigmoid here equals the TypeScript sigmoid
// to the last bit without a call out of WebAssembly for each element.
function exp(x: f64): f64 {
  const hx0 = <u32>(reinterpret<u64>(x) >> 32);
  const xsb = <i32>(hx0 >> 31);
  const hx = hx0 & 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return x != x ? x + x : xsb == 0 ? x : 0.0;
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.4513321910194110842e2) return 0.0;
  }
  let hi = 0.0;
  let lo = 0.0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x == 1.0) return 2.718281828459045;
      hi = x - (xsb == 0 ? 6.9314718036912381649e-1 : -6.9314718036912381649e-1);
      lo = xsb == 0 ? 1.90821492927058770002e-10 : -1.90821492927058770002e-10;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(1.442695040888963387 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * 6.9314718036912381649e-1;
      lo = t * 1.90821492927058770002e-10;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1.0 + x;
  }
  const t = x * x;
  const twopk = reinterpret<f64>(
    (<u64>(<u32>(0x3ff00000 + ((k >= -1021 ? k : k + 1000) << 20)))) << 32,
  );
  const c =
    x -
    t *
      (1.66666666666666019037e-1 +
        t *
          (-2.77777777770155933842e-3 +
            t *
              (6.61375632143793436117e-5 +
                t * (-1.6533902205465251539e-6 + t * 4.13813679705723846039e-8))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 8.988465674311579539e307;
    return y * twopk;
  }
  return y * twopk * 9.3326361850321887899e-302;
}

// Bytes in a v128, and elements of T in one.
const VECTOR: usize = 16;

function lanes<T>(): i32 {
  return <i32>(VECTOR / sizeof<T>());
}

// Rounds a scratch address up to the 16-byte alignment of the splatted-value lists.
function align16(address: usize): usize {
  return (address + 15) & ~(<usize>15);
}

// A list of products to accumulate is two parallel arrays in scratch memory: the byte offset of
// a row of b (u32) and the scalar that multiplies it (T), which the inner loops load with one
// splatting load.

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
function accumulate<T, S>(
  out: usize,
  b: usize,
  n: i32,
  offsets: usize,
  values: usize,
  count: i32,
  table: usize,
  rowBytes: usize,
): void {
  const width = lanes<T>();
  const size = sizeof<T>();
  let j = 0;
  // 25 vectors (50 float64 columns, the default hidden layer) go as 13 + 12 rather than
  // 12 + 12 + 1: one pass fewer over the list, and 13 sums still fit the registers.
  if ((n / width) % 12 == 1 && n >= 13 * width) {
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
    j += 13 * width;
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
    j = n;
  }
  for (; j + 12 * width <= n; j += 12 * width) {
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
  }
  for (; j + 4 * width <= n; j += 4 * width) {
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
  }
  for (; j + width <= n; j += width) {
    const bj = b + <usize>j * size;
    let c0 = v128.splat<T>(0);
    for (let t = 0; t < count; t++) {
      const v = entryValue<T, S>(values, t, table);
      const r = bj + entryRow<S>(offsets, t, rowBytes);
      c0 = v128.add<T>(c0, v128.mul<T>(v, v128.load(r)));
    }
    v128.store(out + <usize>j * size, c0);
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
    j += 2;
  }
  for (; j < n; j++) {
    const bj = b + <usize>j * size;
    let sum: T = 0;
    for (let t = 0; t < count; t++) {
      const v = v128.extract_lane<T>(entryValue<T, S>(values, t, table), 0);
      sum += v * load<T>(bj + entryRow<S>(offsets, t, rowBytes));
    }
    store<T>(out + <usize>j * size, sum);
  }
}

// a: (m, k), b: (k, n) -> out: (m, n); scratch: 4k + 16 + 8k bytes
function matmul<T>(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  const size = sizeof<T>();
  const offsets = scratch;
  const values = align16(scratch + ((<usize>k) << 2));
  const rowBytes = <u32>(<usize>n * size);
  for (let i = 0; i < m; i++) {
    const count = compactRow<T>(offsets, values, 0, a + <usize>i * <usize>k * size, k, rowBytes);
    accumulate<T, u32>(out + <usize>i * <usize>n * size, b, n, offsets, values, count, 0, 0);
  }
}

// row: (m) -> for each non-zero row[i]: counts it in starts[i] (when values is 0), or stores
// (rowOffset, row[i]) at slot cursors[i]++ of the lists.
function scanColumns<T>(
  row: usize,
  m: i32,
  starts: usize,
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
      note<T>(q + <usize>e * sizeof<T>(), i + e, starts, cursors, offsets, values, rowOffset);
    }
  }
  for (; i < m; i++) {
    const q = row + <usize>i * sizeof<T>();
    if (load<T>(q) != 0) note<T>(q, i, starts, cursors, offsets, values, rowOffset);
  }
}

// One non-zero of column i at address q, for scanColumns.
function note<T>(
  q: usize,
  i: i32,
  starts: usize,
  cursors: usize,
  offsets: usize,
  values: usize,
  rowOffset: u32,
): void {
  if (values == 0) {
    const at = starts + ((<usize>i) << 2);
    store<u32>(at, load<u32>(at) + 1);
  } else {
    const at = cursors + ((<usize>i) << 2);
    const slot = <usize>load<u32>(at);
    store<u32>(at, <u32>slot + 1);
    store<u32>(offsets + (slot << 2), rowOffset);
    store<T>(values + slot * sizeof<T>(), load<T>(q));
  }
}

// a: (k, m), b: (k, n) -> out: (m, n) = aᵀ·b; scratch: 8m + 16 + 12·(non-zeros of a) bytes
// The non-zeros of a are sorted by column (a counting sort, rows ascending within a column), so
// each output row is one list accumulated in registers, as in matmul.
function matmulTransA<T>(
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
  const cursors = scratch + ((<usize>m) << 2);
  memory.fill(starts, 0, (<usize>m) << 2);
  for (let p = 0; p < k; p++) {
    scanColumns<T>(a + <usize>p * <usize>m * size, m, starts, 0, 0, 0, 0);
  }
  let total: u32 = 0;
  for (let i = 0; i < m; i++) {
    const at = (<usize>i) << 2;
    const c = load<u32>(starts + at);
    store<u32>(starts + at, total);
    store<u32>(cursors + at, total);
    total += c;
  }
  const offsets = cursors + ((<usize>m) << 2);
  const values = align16(offsets + ((<usize>total) << 2));
  const rowBytes = <u32>(<usize>n * size);
  for (let p = 0; p < k; p++) {
    const row = a + <usize>p * <usize>m * size;
    scanColumns<T>(row, m, starts, cursors, offsets, values, <u32>p * rowBytes);
  }
  for (let i = 0; i < m; i++) {
    const start = <usize>load<u32>(starts + ((<usize>i) << 2));
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
function matmulTransB<T>(
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

// A sparse matrix in CSR form: row r's entries are [rowStarts[r], rowStarts[r + 1]) of columns
// (u16) and codes (u8), and an entry's value is table[code].

// rows: CSR (·, k), indices: (m) i32, b: (k, n) -> out: (m, n) = rows[indices] · b
// A training batch or an evaluation chunk of MNIST: only stored non-zeros are visited, in
// ascending column order, as matmul visits the non-zeros of the same rows made dense.
function gatherMatmul<T>(
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

// rows: CSR (·, k), indices: (m) i32, b: (m, n) -> out: (k, n) = rows[indices]ᵀ · b
// The weight gradient of the input layer. The batch's entries are sorted by column (counting
// sort; batch rows stay ascending within a column), so each output row is one list summed in
// registers, in the order matmulTransA sums the same rows made dense.
// With isUpdate, out is a parameter and gets out -= learningRate · (that product) instead, row by
// row as each is summed (SGD fused in): rows whose column no pixel of the batch lights have a
// zero gradient, leave the parameter exactly as it is, and are skipped.
// scratch: 8k + 32 + 12·(entries of the batch) + n·sizeof(T) bytes
function gatherMatmulTransA<T>(
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

// param, grad: (length) -> param = param - lr * grad (the SGD step)
function sgdStep<T>(param: usize, grad: usize, learningRate: T, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const lr = v128.splat<T>(learningRate);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    v128.store(
      param + at,
      v128.sub<T>(v128.load(param + at), v128.mul<T>(lr, v128.load(grad + at))),
    );
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(param + at, load<T>(param + at) - learningRate * load<T>(grad + at));
  }
}

// a: (m, n), bias: (n) -> out: (m, n) = a + bias on every row; out may be a
function addRowVector<T>(out: usize, a: usize, bias: usize, m: i32, n: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  for (let i = 0; i < m; i++) {
    const row = <usize>i * <usize>n * size;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      v128.store(out + row + at, v128.add<T>(v128.load(a + row + at), v128.load(bias + at)));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      store<T>(out + row + at, load<T>(a + row + at) + load<T>(bias + at));
    }
  }
}

// a: (m, n) -> out: (n) = sum over rows, each column summed from row 0 down
function sumRows<T>(out: usize, a: usize, m: i32, n: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  memory.fill(out, 0, <usize>n * size);
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * <usize>n * size;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      v128.store(out + at, v128.add<T>(v128.load(out + at), v128.load(row + at)));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      store<T>(out + at, load<T>(out + at) + load<T>(row + at));
    }
  }
}

// a: (length) -> out: (length) = 1 / (1 + exp(-a)), in float64 and then rounded to T
function sigmoid<T>(out: usize, a: usize, length: i32): void {
  const size = sizeof<T>();
  if (sizeof<T>() == 4) {
    sigmoidSingle(out, a, length);
    return;
  }
  let i = 0;
  for (; i + 2 <= length; i += 2) {
    const at = <usize>i * size;
    const x =
      sizeof<T>() == 8 ? v128.load(a + at) : v128.promote_low<f32>(v128.load64_zero(a + at));
    const minusX = v128.neg<f64>(x);
    let e: v128;
    if (isPlainPair(minusX)) {
      e = expPair(minusX);
    } else {
      e = f64x2.replace_lane(
        f64x2.splat(exp(f64x2.extract_lane(minusX, 0))),
        1,
        exp(f64x2.extract_lane(minusX, 1)),
      );
    }
    const y = v128.div<f64>(f64x2.splat(1), v128.add<f64>(f64x2.splat(1), e));
    if (sizeof<T>() == 8) v128.store(out + at, y);
    else v128.store64_lane(out + at, v128.demote_zero<f64>(y), 0);
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(out + at, <T>(1 / (1 + exp(-(<f64>load<T>(a + at))))));
  }
}

// a: (length) float32 -> out: (length) = 1 / (1 + exp(-a)), four lanes at a time in float32.
// The float32 path wants speed, not float64's bit-for-bit agreement with Math.exp: exp is the
// Cephes expf scheme (2^k times a degree-6 polynomial on [-ln2/2, ln2/2]), within ~1 ulp.
function sigmoidSingle(out: usize, a: usize, length: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const at = (<usize>i) << 2;
    const e = expQuad(v128.neg<f32>(v128.load(a + at)));
    v128.store(out + at, v128.div<f32>(one, v128.add<f32>(one, e)));
  }
  for (; i < length; i++) {
    const at = (<usize>i) << 2;
    const e = f32x4.extract_lane(expQuad(f32x4.splat(-load<f32>(a + at))), 0);
    store<f32>(out + at, 1 / (1 + e));
  }
}

// exp of four float32 lanes; inputs are clamped to [-87, 88], where 2^k stays a normal float.
function expQuad(x: v128): v128 {
  const clamped = v128.min<f32>(v128.max<f32>(x, f32x4.splat(-87)), f32x4.splat(88));
  const k = v128.floor<f32>(
    v128.add<f32>(v128.mul<f32>(clamped, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)),
  );
  // r = x - k·ln2, with ln2 split in two so that k·(first part) is exact.
  let r = v128.sub<f32>(clamped, v128.mul<f32>(k, f32x4.splat(0.693359375)));
  r = v128.sub<f32>(r, v128.mul<f32>(k, f32x4.splat(-2.1219444e-4)));
  const r2 = v128.mul<f32>(r, r);
  let p = f32x4.splat(1.98756915e-4);
  p = v128.add<f32>(v128.mul<f32>(p, r), f32x4.splat(1.3981999507e-3));
  p = v128.add<f32>(v128.mul<f32>(p, r), f32x4.splat(8.3334519073e-3));
  p = v128.add<f32>(v128.mul<f32>(p, r), f32x4.splat(4.1665795894e-2));
  p = v128.add<f32>(v128.mul<f32>(p, r), f32x4.splat(1.6666665459e-1));
  p = v128.add<f32>(v128.mul<f32>(p, r), f32x4.splat(5.0000001201e-1));
  const y = v128.add<f32>(v128.add<f32>(v128.mul<f32>(p, r2), r), f32x4.splat(1));
  const twoToK = v128.shl<i32>(v128.add<i32>(v128.trunc_sat<i32>(k), i32x4.splat(127)), 23);
  return v128.mul<f32>(y, twoToK);
}

// Whether expPair may take both lanes: neither NaN nor so large that exp's special cases apply.
function isPlainPair(x: v128): bool {
  const large = v128.ge<f64>(v128.abs<f64>(x), f64x2.splat(700));
  return !v128.any_true(v128.or(large, v128.ne<f64>(x, x)));
}

// exp() of both lanes at once, each lane operation for operation as exp() computes it, with
// its branches turned into selects. Lanes must pass isPlainPair.
function expPair(x: v128): v128 {
  const highWord = v128.and(v128.shr<u64>(x, 32), i64x2.splat(0x7fffffff));
  const isNegative = v128.lt<i64>(x, i64x2.splat(0));
  const isReduced = v128.gt<i64>(highWord, i64x2.splat(0x3fd62e42));
  const isNear = v128.lt<i64>(highWord, i64x2.splat(0x3ff0a2b2));
  const isTiny = v128.lt<i64>(highWord, i64x2.splat(0x3e300000));
  // k: ±1 within 1.5 ln2, else trunc(x / ln2 ± 0.5); 0 where no reduction is needed.
  const half = v128.bitselect(f64x2.splat(-0.5), f64x2.splat(0.5), isNegative);
  const kFar = v128.convert_low<i32>(
    v128.trunc_sat_zero<i32>(
      v128.add<f64>(v128.mul<f64>(f64x2.splat(1.442695040888963387), x), half),
    ),
  );
  const kNear = v128.bitselect(f64x2.splat(-1), f64x2.splat(1), isNegative);
  const k = v128.and(v128.bitselect(kNear, kFar, isNear), isReduced);
  const hi = v128.sub<f64>(x, v128.mul<f64>(k, f64x2.splat(6.9314718036912381649e-1)));
  const lo = v128.mul<f64>(k, f64x2.splat(1.90821492927058770002e-10));
  const r = v128.sub<f64>(hi, lo);
  const t = v128.mul<f64>(r, r);
  let p = v128.add<f64>(
    f64x2.splat(-1.6533902205465251539e-6),
    v128.mul<f64>(t, f64x2.splat(4.13813679705723846039e-8)),
  );
  p = v128.add<f64>(f64x2.splat(6.61375632143793436117e-5), v128.mul<f64>(t, p));
  p = v128.add<f64>(f64x2.splat(-2.77777777770155933842e-3), v128.mul<f64>(t, p));
  p = v128.add<f64>(f64x2.splat(1.66666666666666019037e-1), v128.mul<f64>(t, p));
  const c = v128.sub<f64>(r, v128.mul<f64>(t, p));
  // x·c / (2 - c) is exactly -(x·c / (c - 2)): one division serves both of exp's formulas.
  const q = v128.div<f64>(v128.mul<f64>(r, c), v128.sub<f64>(c, f64x2.splat(2)));
  const one = f64x2.splat(1);
  // k = 0: 1 - ((x·c) / (c - 2) - x)
  const unreduced = v128.sub<f64>(one, v128.sub<f64>(q, r));
  // k ≠ 0: (1 - ((lo - (x·c) / (2 - c)) - hi)) · 2^k
  const y = v128.sub<f64>(one, v128.sub<f64>(v128.add<f64>(lo, q), hi));
  const kBits = v128.extend_low<i32>(v128.trunc_sat_zero<i32>(k));
  const twoToK = v128.add<i64>(v128.shl<i64>(kBits, 52), i64x2.splat(0x3ff0000000000000));
  const reduced = v128.mul<f64>(y, twoToK);
  let result = v128.bitselect(reduced, unreduced, isReduced);
  result = v128.bitselect(v128.add<f64>(one, x), result, isTiny);
  return v128.bitselect(f64x2.splat(2.718281828459045), result, v128.eq<f64>(x, one));
}

// a: (m, n) -> out: (m, n), each row exp(a - max) / sum(exp(a - max)); out may be a
// As the TypeScript softmaxRows computes it: in float64 throughout, each exponential stored (and
// so rounded to T) before the row's sum of the unrounded ones divides it.
function softmaxRows<T>(out: usize, a: usize, m: i32, n: i32): void {
  const size = sizeof<T>();
  for (let i = 0; i < m; i++) {
    const row = <usize>i * <usize>n * size;
    let max = <f64>load<T>(a + row);
    for (let j = 1; j < n; j++) {
      const v = <f64>load<T>(a + row + <usize>j * size);
      if (v > max) max = v;
    }
    let sum = 0.0;
    for (let j = 0; j < n; j++) {
      const at = row + <usize>j * size;
      const e = exp(<f64>load<T>(a + at) - max);
      store<T>(out + at, <T>e);
      sum += e;
    }
    for (let j = 0; j < n; j++) {
      const at = out + row + <usize>j * size;
      store<T>(at, <T>(<f64>load<T>(at) / sum));
    }
  }
}

export function softmaxRowsF64(out: usize, a: usize, m: i32, n: i32): void {
  softmaxRows<f64>(out, a, m, n);
}
export function softmaxRowsF32(out: usize, a: usize, m: i32, n: i32): void {
  softmaxRows<f32>(out, a, m, n);
}

export function matmulF64(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  matmul<f64>(out, a, b, m, k, n, scratch);
}
export function matmulF32(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  matmul<f32>(out, a, b, m, k, n, scratch);
}
export function matmulTransAF64(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  matmulTransA<f64>(out, a, b, m, k, n, scratch);
}
export function matmulTransAF32(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  matmulTransA<f32>(out, a, b, m, k, n, scratch);
}
export function matmulTransBF64(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  matmulTransB<f64>(out, a, b, m, k, n, scratch);
}
export function matmulTransBF32(
  out: usize,
  a: usize,
  b: usize,
  m: i32,
  k: i32,
  n: i32,
  scratch: usize,
): void {
  matmulTransB<f32>(out, a, b, m, k, n, scratch);
}
export function gatherMatmulF64(
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
  gatherMatmul<f64>(out, rowStarts, columns, codes, table, indices, m, b, n);
}
export function gatherMatmulF32(
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
  gatherMatmul<f32>(out, rowStarts, columns, codes, table, indices, m, b, n);
}
export function gatherMatmulTransAF64(
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
  gatherMatmulTransA<f64>(
    out,
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
    false,
    0,
  );
}
export function gatherMatmulTransAF32(
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
  gatherMatmulTransA<f32>(
    out,
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
    false,
    0,
  );
}
export function gatherSgdStepF64(
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
  learningRate: f64,
  scratch: usize,
): void {
  gatherMatmulTransA<f64>(
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
    learningRate,
  );
}
export function gatherSgdStepF32(
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
  learningRate: f32,
  scratch: usize,
): void {
  gatherMatmulTransA<f32>(
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
    learningRate,
  );
}
export function sgdStepF64(param: usize, grad: usize, learningRate: f64, length: i32): void {
  sgdStep<f64>(param, grad, learningRate, length);
}
export function sgdStepF32(param: usize, grad: usize, learningRate: f32, length: i32): void {
  sgdStep<f32>(param, grad, learningRate, length);
}
export function addRowVectorF64(out: usize, a: usize, bias: usize, m: i32, n: i32): void {
  addRowVector<f64>(out, a, bias, m, n);
}
export function addRowVectorF32(out: usize, a: usize, bias: usize, m: i32, n: i32): void {
  addRowVector<f32>(out, a, bias, m, n);
}
export function sumRowsF64(out: usize, a: usize, m: i32, n: i32): void {
  sumRows<f64>(out, a, m, n);
}
export function sumRowsF32(out: usize, a: usize, m: i32, n: i32): void {
  sumRows<f32>(out, a, m, n);
}
export function sigmoidF64(out: usize, a: usize, length: i32): void {
  sigmoid<f64>(out, a, length);
}
export function sigmoidF32(out: usize, a: usize, length: i32): void {
  sigmoid<f32>(out, a, length);
}
