// Kernels that work a row at a time, twins of src/core/kernels/rows.ts.

import { exp } from './elementwise';
import { lanes } from './vectors';

// a: (m, n), bias: (n) -> out: (m, n) = a + bias on every row; out may be a
export function addRowVector<T>(out: usize, a: usize, bias: usize, m: i32, n: i32): void {
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
export function sumRows<T>(out: usize, a: usize, m: i32, n: i32): void {
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

// a: (m, n) -> out: (m, n), each row exp(a - max) / sum(exp(a - max)); out may be a
// As the TypeScript softmaxRows computes it: in float64 throughout, each exponential stored (and
// so rounded to T) before the row's sum of the unrounded ones divides it.
export function softmaxRows<T>(out: usize, a: usize, m: i32, n: i32): void {
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
