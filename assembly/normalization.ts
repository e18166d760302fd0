// Batch normalization's loops over a batch of m rows of n features, twins of
// src/core/kernels/normalization.ts. A vector holds neighbouring features of one row; every
// feature's sums run down the rows from +0 as there (numpy's axis-0 order), and each element
// goes through the same operations in the same order, so at float64 the results equal the
// TypeScript kernels' bit for bit.

import { lanes } from './vectors';

// x: (m, n) -> mean: (n) = x.mean(axis=0), variance: (n) = np.mean((x - mean) ** 2, axis=0)
export function columnMeanVariance<T>(
  mean: usize,
  variance: usize,
  a: usize,
  m: i32,
  n: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const rowBytes = <usize>n * size;
  const count = v128.splat<T>(<T>m);
  memory.fill(mean, 0, rowBytes);
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * rowBytes;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      v128.store(mean + at, v128.add<T>(v128.load(mean + at), v128.load(row + at)));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      store<T>(mean + at, load<T>(mean + at) + load<T>(row + at));
    }
  }
  let j = 0;
  for (; j + width <= n; j += width) {
    const at = <usize>j * size;
    v128.store(mean + at, v128.div<T>(v128.load(mean + at), count));
  }
  for (; j < n; j++) store<T>(mean + <usize>j * size, load<T>(mean + <usize>j * size) / <T>m);
  memory.fill(variance, 0, rowBytes);
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * rowBytes;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      const xc = v128.sub<T>(v128.load(row + at), v128.load(mean + at));
      v128.store(variance + at, v128.add<T>(v128.load(variance + at), v128.mul<T>(xc, xc)));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      const xc = load<T>(row + at) - load<T>(mean + at);
      store<T>(variance + at, load<T>(variance + at) + xc * xc);
    }
  }
  j = 0;
  for (; j + width <= n; j += width) {
    const at = <usize>j * size;
    v128.store(variance + at, v128.div<T>(v128.load(variance + at), count));
  }
  for (; j < n; j++) {
    store<T>(variance + <usize>j * size, load<T>(variance + <usize>j * size) / <T>m);
  }
}

// x: (m, n), mean, std, gamma, beta: (n) -> xc = x - mean, xn = xc / std, out = gamma·xn + beta
export function batchNormTrainForward<T>(
  out: usize,
  xc: usize,
  xn: usize,
  a: usize,
  mean: usize,
  std: usize,
  gamma: usize,
  beta: usize,
  m: i32,
  n: i32,
): void {
  normalize<T>(out, xc, xn, a, mean, std, gamma, beta, m, n);
}

// x: (m, n), mean, std, gamma, beta: (n) -> out: (m, n) = gamma·((x - mean) / std) + beta
export function batchNormTestForward<T>(
  out: usize,
  a: usize,
  mean: usize,
  std: usize,
  gamma: usize,
  beta: usize,
  m: i32,
  n: i32,
): void {
  normalize<T>(out, 0, 0, a, mean, std, gamma, beta, m, n);
}

// The two forward passes: out = gamma·((x - mean) / std) + beta, keeping x - mean in xc and its
// quotient in xn unless they are 0 (test mode keeps nothing).
function normalize<T>(
  out: usize,
  xc: usize,
  xn: usize,
  a: usize,
  mean: usize,
  std: usize,
  gamma: usize,
  beta: usize,
  m: i32,
  n: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const rowBytes = <usize>n * size;
  const isKept = xc != 0;
  for (let i = 0; i < m; i++) {
    const row = <usize>i * rowBytes;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      const centred = v128.sub<T>(v128.load(a + row + at), v128.load(mean + at));
      const normalized = v128.div<T>(centred, v128.load(std + at));
      if (isKept) {
        v128.store(xc + row + at, centred);
        v128.store(xn + row + at, normalized);
      }
      const scaled = v128.mul<T>(v128.load(gamma + at), normalized);
      v128.store(out + row + at, v128.add<T>(scaled, v128.load(beta + at)));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      const centred = load<T>(a + row + at) - load<T>(mean + at);
      const normalized = centred / load<T>(std + at);
      if (isKept) {
        store<T>(xc + row + at, centred);
        store<T>(xn + row + at, normalized);
      }
      store<T>(out + row + at, load<T>(gamma + at) * normalized + load<T>(beta + at));
    }
  }
}

// dout, xc, xn: (m, n), std, gamma: (n) -> dx: (m, n), dgamma, dbeta, dvar, dmu: (n), the
// book's backward through the forward graph, as the TypeScript kernel orders it.
export function batchNormBackward<T>(
  dx: usize,
  dgamma: usize,
  dbeta: usize,
  dvar: usize,
  dmu: usize,
  dout: usize,
  xc: usize,
  xn: usize,
  std: usize,
  gamma: usize,
  m: i32,
  n: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const rowBytes = <usize>n * size;
  memory.fill(dbeta, 0, rowBytes);
  memory.fill(dgamma, 0, rowBytes);
  memory.fill(dvar, 0, rowBytes);
  for (let i = 0; i < m; i++) {
    const row = <usize>i * rowBytes;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      const g = v128.load(dout + row + at);
      const s = v128.load(std + at);
      v128.store(dbeta + at, v128.add<T>(v128.load(dbeta + at), g));
      const gammaTerm = v128.mul<T>(v128.load(xn + row + at), g);
      v128.store(dgamma + at, v128.add<T>(v128.load(dgamma + at), gammaTerm));
      const dxn = v128.mul<T>(v128.load(gamma + at), g);
      v128.store(dx + row + at, v128.div<T>(dxn, s));
      const term = v128.div<T>(v128.mul<T>(dxn, v128.load(xc + row + at)), v128.mul<T>(s, s));
      v128.store(dvar + at, v128.add<T>(v128.load(dvar + at), term));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      const g = load<T>(dout + row + at);
      const s = load<T>(std + at);
      store<T>(dbeta + at, load<T>(dbeta + at) + g);
      store<T>(dgamma + at, load<T>(dgamma + at) + load<T>(xn + row + at) * g);
      const dxn = load<T>(gamma + at) * g;
      store<T>(dx + row + at, dxn / s);
      store<T>(dvar + at, load<T>(dvar + at) + (dxn * load<T>(xc + row + at)) / (s * s));
    }
  }
  const half = v128.splat<T>(<T>0.5);
  let j = 0;
  for (; j + width <= n; j += width) {
    const at = <usize>j * size;
    const scaled = v128.mul<T>(half, v128.neg<T>(v128.load(dvar + at)));
    v128.store(dvar + at, v128.div<T>(scaled, v128.load(std + at)));
  }
  for (; j < n; j++) {
    const at = <usize>j * size;
    store<T>(dvar + at, (<T>0.5 * -load<T>(dvar + at)) / load<T>(std + at));
  }
  const twoOverRowsValue = <T>(2.0 / <f64>m);
  const twoOverRows = v128.splat<T>(twoOverRowsValue);
  memory.fill(dmu, 0, rowBytes);
  for (let i = 0; i < m; i++) {
    const row = <usize>i * rowBytes;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      const correction = v128.mul<T>(
        v128.mul<T>(twoOverRows, v128.load(xc + row + at)),
        v128.load(dvar + at),
      );
      const dxc = v128.add<T>(v128.load(dx + row + at), correction);
      v128.store(dx + row + at, dxc);
      v128.store(dmu + at, v128.add<T>(v128.load(dmu + at), dxc));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      const dxc =
        load<T>(dx + row + at) + twoOverRowsValue * load<T>(xc + row + at) * load<T>(dvar + at);
      store<T>(dx + row + at, dxc);
      store<T>(dmu + at, load<T>(dmu + at) + dxc);
    }
  }
  const count = v128.splat<T>(<T>m);
  for (let i = 0; i < m; i++) {
    const row = <usize>i * rowBytes;
    let j = 0;
    for (; j + width <= n; j += width) {
      const at = <usize>j * size;
      const shift = v128.div<T>(v128.load(dmu + at), count);
      v128.store(dx + row + at, v128.sub<T>(v128.load(dx + row + at), shift));
    }
    for (; j < n; j++) {
      const at = <usize>j * size;
      store<T>(dx + row + at, load<T>(dx + row + at) - load<T>(dmu + at) / <T>m);
    }
  }
}
