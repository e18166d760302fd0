// Naive twins of normalization.ts: the book's numpy statements one at a time over whole arrays,
// each sum over axis 0 a column at a time.

import type { Floats } from '../../floats.js';

type Vector = Float64Array;

// a: (rows, cols) -> (cols) = np.sum(a, axis=0)
function sumAxis0(a: Floats, rows: number, cols: number): Vector {
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += a[i * cols + j];
    out[j] = sum;
  }
  return out;
}

// a: (rows, cols), v: (cols) -> (rows, cols) = op(a, v) with v broadcast down the rows
function broadcast(
  a: Floats,
  v: Floats,
  rows: number,
  cols: number,
  op: (x: number, y: number) => number,
): Vector {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = op(a[i * cols + j], v[j]);
  }
  return out;
}

// a, b: (length) -> (length) = op(a, b)
function elementwise(a: Floats, b: Floats, op: (x: number, y: number) => number): Vector {
  return Float64Array.from(a, (x, i) => op(x, b[i]));
}

// x: (rows, cols) -> mean, variance: (cols)
export function columnMeanVarianceReference(
  mean: Floats,
  variance: Floats,
  x: Floats,
  rows: number,
  cols: number,
): void {
  const mu = sumAxis0(x, rows, cols).map((s) => s / rows);
  const xc = broadcast(x, mu, rows, cols, (a, m) => a - m);
  const squares = elementwise(xc, xc, (a, b) => a * b);
  mean.set(mu);
  variance.set(sumAxis0(squares, rows, cols).map((s) => s / rows));
}

// variance: (length) -> std: (length) = sqrt(variance + epsilon)
export function standardDeviationReference(
  std: Floats,
  variance: Floats,
  epsilon: number,
  length: number,
): void {
  const shifted = Float64Array.from(variance.subarray(0, length), (v) => v + epsilon);
  std.set(shifted.map(Math.sqrt));
}

// running, value: (length) -> running = momentum * running + (1 - momentum) * value
export function runningAverageReference(
  running: Floats,
  value: Floats,
  momentum: number,
  length: number,
): void {
  const kept = Float64Array.from(running.subarray(0, length), (r) => momentum * r);
  const added = Float64Array.from(value.subarray(0, length), (v) => (1 - momentum) * v);
  running.set(elementwise(kept, added, (a, b) => a + b));
}

// x: (rows, cols), mean, std, gamma, beta: (cols) -> out, xc, xn: (rows, cols)
export function batchNormTrainForwardReference(
  out: Floats,
  xc: Floats,
  xn: Floats,
  x: Floats,
  mean: Floats,
  std: Floats,
  gamma: Floats,
  beta: Floats,
  rows: number,
  cols: number,
): void {
  const centred = broadcast(x, mean, rows, cols, (a, m) => a - m);
  const normalized = broadcast(centred, std, rows, cols, (c, s) => c / s);
  const scaled = broadcast(normalized, gamma, rows, cols, (n, g) => g * n);
  xc.set(centred);
  xn.set(normalized);
  out.set(broadcast(scaled, beta, rows, cols, (s, b) => s + b));
}

// x: (rows, cols), mean, std, gamma, beta: (cols) -> out: (rows, cols)
export function batchNormTestForwardReference(
  out: Floats,
  x: Floats,
  mean: Floats,
  std: Floats,
  gamma: Floats,
  beta: Floats,
  rows: number,
  cols: number,
): void {
  const size = rows * cols;
  batchNormTrainForwardReference(
    out,
    new Float64Array(size),
    new Float64Array(size),
    x,
    mean,
    std,
    gamma,
    beta,
    rows,
    cols,
  );
}

// dout, xc, xn: (rows, cols), std, gamma: (cols) -> dx: (rows, cols), dgamma, dbeta, dvar, dmu
export function batchNormBackwardReference(
  dx: Floats,
  dgamma: Floats,
  dbeta: Floats,
  dvar: Floats,
  dmu: Floats,
  dout: Floats,
  xc: Floats,
  xn: Floats,
  std: Floats,
  gamma: Floats,
  rows: number,
  cols: number,
): void {
  const size = rows * cols;
  const g = dout.subarray(0, size);
  const c = xc.subarray(0, size);
  const beta = sumAxis0(g, rows, cols);
  const gammaGrad = sumAxis0(
    elementwise(xn.subarray(0, size), g, (a, b) => a * b),
    rows,
    cols,
  );
  const dxn = broadcast(g, gamma, rows, cols, (d, gm) => gm * d);
  let dxc = broadcast(dxn, std, rows, cols, (d, s) => d / s);
  const stdSquared = elementwise(std.subarray(0, cols), std.subarray(0, cols), (a, b) => a * b);
  const terms = broadcast(
    elementwise(dxn, c, (a, b) => a * b),
    stdSquared,
    rows,
    cols,
    (t, s) => t / s,
  );
  const dstd = sumAxis0(terms, rows, cols).map((s) => -s);
  const variance = elementwise(
    dstd.map((d) => 0.5 * d),
    std,
    (a, s) => a / s,
  );
  const correction = broadcast(
    c.map((v) => (2.0 / rows) * v),
    variance,
    rows,
    cols,
    (a, v) => a * v,
  );
  dxc = elementwise(dxc, correction, (a, b) => a + b);
  const mu = sumAxis0(dxc, rows, cols);
  dx.set(broadcast(dxc, mu, rows, cols, (d, m) => d - m / rows));
  dgamma.set(gammaGrad);
  dbeta.set(beta);
  dvar.set(variance);
  dmu.set(mu);
}
