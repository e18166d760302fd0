// exp and the sigmoid built on it, and ReLU forward and backward, twins of
// src/core/kernels/elementwise.ts (the sigmoid's backward pass is cheap next to the products: the
// TypeScript kernel serves). At float64 exp is V8's own algorithm, so the sigmoid equals the
// TypeScript one (Math.exp) to the last bit; at float32 a faster one.

import { lanes } from './vectors';

// a: (length) -> out: (length) = a where a > 0, else +0 (NaN too, as the TypeScript kernel's
// a > 0 ? a : 0 does); out may be a
export function reluForward<T>(out: usize, a: usize, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const zero = v128.splat<T>(0);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    const x = v128.load(a + at);
    v128.store(out + at, v128.and(x, v128.gt<T>(x, zero)));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    const x = load<T>(a + at);
    store<T>(out + at, x > 0 ? x : 0);
  }
}

// dout, y: (length) -> dx: (length) = dout where y > 0, else +0; y the forward output
export function reluBackward<T>(dx: usize, dout: usize, y: usize, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const zero = v128.splat<T>(0);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    v128.store(dx + at, v128.and(v128.load(dout + at), v128.gt<T>(v128.load(y + at), zero)));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(dx + at, load<T>(y + at) > 0 ? load<T>(dout + at) : 0);
  }
}

// a: (length) -> out: (length) = 1 / (1 + exp(-a)), in float64 and then rounded to T
export function sigmoidForward<T>(out: usize, a: usize, length: i32): void {
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

// exp(x) as V8 computes Math.exp: the fdlibm algorithm (FreeBSD e_exp.c, as ported in V8's
// base/ieee754.cc), operation for operation, so that sigmoid here equals the TypeScript sigmoid
// to the last bit without a call out of WebAssembly for each element.
export function exp(x: f64): f64 {
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
