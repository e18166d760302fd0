// Batch normalization's loops (book 6.3; common/layers.py BatchNormalization), over a batch of
// `rows` samples of `cols` features. Each follows the book's numpy expression operation for
// operation, and numpy sums along axis 0 of a row-major array one row after another from +0, as
// these do: the results are numpy's to the last bit. Naive twins in reference/normalization.ts.
// Outputs first, then inputs, then sizes.

import type { Floats } from '../floats.js';

/** The book's 10e-7 (that is, 1e-6) under the root: no division by zero for a constant feature. */
export const BATCH_NORM_EPSILON = 10e-7;

// x: (rows, cols) -> mean: (cols) = x.mean(axis=0),
//                    variance: (cols) = np.mean((x - mean) ** 2, axis=0)
export function columnMeanVariance(
  mean: Floats,
  variance: Floats,
  x: Floats,
  rows: number,
  cols: number,
): void {
  mean.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) mean[j] += x[row + j];
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  variance.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const xc = x[row + j] - mean[j];
      variance[j] += xc * xc;
    }
  }
  for (let j = 0; j < cols; j++) variance[j] /= rows;
}

// variance: (length) -> std: (length) = sqrt(variance + epsilon)
export function standardDeviation(
  std: Floats,
  variance: Floats,
  epsilon: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) std[i] = Math.sqrt(variance[i] + epsilon);
}

// running, value: (length) -> running = momentum * running + (1 - momentum) * value
export function runningAverage(
  running: Floats,
  value: Floats,
  momentum: number,
  length: number,
): void {
  const rest = 1 - momentum;
  for (let i = 0; i < length; i++) running[i] = momentum * running[i] + rest * value[i];
}

// x: (rows, cols), mean, std, gamma, beta: (cols) -> xc = x - mean, xn = xc / std,
// out = gamma * xn + beta, all (rows, cols); xc and xn are what backward needs
export function batchNormTrainForward(
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
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const centred = x[row + j] - mean[j];
      const normalized = centred / std[j];
      xc[row + j] = centred;
      xn[row + j] = normalized;
      out[row + j] = gamma[j] * normalized + beta[j];
    }
  }
}

// x: (rows, cols), mean, std, gamma, beta: (cols) -> out: (rows, cols) = gamma·(x - mean)/std + beta
// (test mode, with the running mean and the running variance's std; nothing kept for backward)
export function batchNormTestForward(
  out: Floats,
  x: Floats,
  mean: Floats,
  std: Floats,
  gamma: Floats,
  beta: Floats,
  rows: number,
  cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++)
      out[row + j] = gamma[j] * ((x[row + j] - mean[j]) / std[j]) + beta[j];
  }
}

// dout, xc, xn: (rows, cols), std, gamma: (cols) -> dx: (rows, cols), dgamma, dbeta, dvar,
// dmu: (cols). The book's backward through the forward graph, one row after another:
//   dbeta = Σ dout, dgamma = Σ xn·dout, dxn = gamma·dout, dxc = dxn / std,
//   dstd = -Σ (dxn·xc) / (std·std), dvar = 0.5·dstd / std, dxc += (2/rows)·xc·dvar,
//   dmu = Σ dxc, dx = dxc - dmu / rows            (Σ over the rows, i.e. numpy's axis 0)
export function batchNormBackward(
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
  dbeta.fill(0, 0, cols);
  dgamma.fill(0, 0, cols);
  dvar.fill(0, 0, cols); // Σ (dxn·xc) / (std·std) first, then dvar from it
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const g = dout[row + j];
      dbeta[j] += g;
      dgamma[j] += xn[row + j] * g;
      const dxn = gamma[j] * g;
      dx[row + j] = dxn / std[j];
      dvar[j] += (dxn * xc[row + j]) / (std[j] * std[j]);
    }
  }
  for (let j = 0; j < cols; j++) dvar[j] = (0.5 * -dvar[j]) / std[j];
  const twoOverRows = 2.0 / rows;
  dmu.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const dxc = dx[row + j] + twoOverRows * xc[row + j] * dvar[j];
      dx[row + j] = dxc;
      dmu[j] += dxc;
    }
  }
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) dx[row + j] -= dmu[j] / rows;
  }
}
