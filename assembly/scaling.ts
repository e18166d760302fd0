// Scaled copies and sums, elementwise, twins of src/core/kernels/scaling.ts and applyMask of
// src/core/kernels/dropout.ts: Dropout at test time (x·(1 - ratio)) and its mask, and the
// weight-decay gradient (dW + λ·W). The same operations per element as there, a vector at a time.

import { lanes } from './vectors';

// a: (length) -> out: (length) = factor * a; out may be a
export function scale<T>(out: usize, a: usize, factor: f64, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const f = v128.splat<T>(<T>factor);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    v128.store(out + at, v128.mul<T>(f, v128.load(a + at)));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(out + at, <T>factor * load<T>(a + at));
  }
}

// a, b: (length) -> out: (length) = a + factor * b; out may be a
export function addScaled<T>(out: usize, a: usize, b: usize, factor: f64, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const f = v128.splat<T>(<T>factor);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    v128.store(out + at, v128.add<T>(v128.load(a + at), v128.mul<T>(f, v128.load(b + at))));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(out + at, load<T>(a + at) + <T>factor * load<T>(b + at));
  }
}

// a, mask: (length) -> out: (length) = a * mask (Dropout: x·mask forward, dout·mask backward)
export function applyMask<T>(out: usize, a: usize, mask: usize, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    v128.store(out + at, v128.mul<T>(v128.load(a + at), v128.load(mask + at)));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(out + at, load<T>(a + at) * load<T>(mask + at));
  }
}
