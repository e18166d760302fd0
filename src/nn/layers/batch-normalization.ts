// Batch Normalization layer (book 6.3.2; Ioffe and Szegedy 2015) over 2-d input (rows, size).
// Training: each feature is normalized by the batch's mean and variance,
//   xc = x - μ,  std = sqrt(σ² + 1e-6),  xn = xc / std,  out = γ·xn + β,
// and the running averages the test mode uses move towards them:
//   runningMean = momentum·runningMean + (1 - momentum)·μ   (the same for runningVar and σ²).
// Test: out = γ·(x - runningMean) / sqrt(runningVar + 1e-6) + β.
// Backward follows the forward graph back through xn, std and xc (book figure 6-17):
//   dβ = Σ dout, dγ = Σ xn·dout, dxn = γ·dout, dxc = dxn / std,
//   dstd = -Σ dxn·xc / std², dvar = 0.5·dstd / std, dxc += (2/N)·xc·dvar,
//   dμ = Σ dxc, dx = dxc - dμ / N            (Σ over the batch's N rows)

import { jsBackend, type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import { BATCH_NORM_EPSILON } from '../../core/kernels/normalization.js';
import { Matrix } from '../../core/matrix.js';
import { RowBuffer } from './row-buffer.js';

export { BATCH_NORM_EPSILON };

export interface BatchNormalizationOptions {
  /** How much of the running averages each training batch keeps (the book's 0.9). */
  momentum?: number;
  /** Running statistics to start from (a trained network's); otherwise zeros on first forward. */
  runningMean?: Float64Array;
  runningVar?: Float64Array;
  backend?: Backend;
}

export class BatchNormalization {
  readonly gamma: Matrix;
  readonly beta: Matrix;
  readonly dgamma: Matrix;
  readonly dbeta: Matrix;
  readonly momentum: number;
  /**
   * Averages of the training batches' statistics, updated in place; null until the first
   * forward, as the book's.
   */
  runningMean: Float64Array | null;
  runningVar: Float64Array | null;
  private readonly backend: Backend;
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  private readonly std: Float64Array;
  private readonly testStd: Float64Array;
  private readonly dvar: Float64Array;
  private readonly dmu: Float64Array;
  private readonly out: RowBuffer;
  private readonly xc: RowBuffer;
  private readonly xn: RowBuffer;
  private readonly dx: RowBuffer;
  /** The batch size of the last training pass, which backward's xc, xn and std belong to. */
  private batchSize = 0;

  /** gamma, beta: (1, size); the layer shares them, so optimizer updates reach it. */
  constructor(gamma: Matrix, beta: Matrix, options: BatchNormalizationOptions = {}) {
    if (beta.size !== gamma.size) {
      throw new RangeError(`beta has ${beta.size} values, gamma ${gamma.size}`);
    }
    const size = gamma.size;
    for (const [name, running] of [
      ['runningMean', options.runningMean],
      ['runningVar', options.runningVar],
    ] as const) {
      if (running && running.length !== size) {
        throw new RangeError(`${name} has ${running.length} values, expected ${size}`);
      }
    }
    const backend = options.backend ?? jsBackend;
    this.backend = backend;
    this.gamma = gamma;
    this.beta = beta;
    this.momentum = options.momentum ?? 0.9;
    this.runningMean = options.runningMean ?? null;
    this.runningVar = options.runningVar ?? null;
    this.dgamma = new Matrix(1, size, backend.allocate(size));
    this.dbeta = new Matrix(1, size, backend.allocate(size));
    const vector = () => backend.allocate(size);
    this.mean = vector();
    this.variance = vector();
    this.std = vector();
    this.testStd = vector();
    this.dvar = vector();
    this.dmu = vector();
    this.out = new RowBuffer(backend, size);
    this.xc = new RowBuffer(backend, size);
    this.xn = new RowBuffer(backend, size);
    this.dx = new RowBuffer(backend, size);
  }

  get size(): number {
    return this.gamma.size;
  }

  reserve(rows: number): void {
    this.out.reserve(rows);
    this.xc.reserve(rows);
    this.xn.reserve(rows);
    this.dx.reserve(rows);
  }

  // x: (rows, size) -> out: (rows, size)
  forward(x: Floats, rows: number, trainFlg = true): Float64Array {
    const { backend, size } = this;
    const runningMean = (this.runningMean ??= backend.allocate(size));
    const runningVar = (this.runningVar ??= backend.allocate(size));
    const out = this.out.reserve(rows);
    const gamma = this.gamma.data;
    const beta = this.beta.data;
    if (!trainFlg) {
      backend.standardDeviation(this.testStd, runningVar, BATCH_NORM_EPSILON, size);
      backend.batchNormTestForward(out, x, runningMean, this.testStd, gamma, beta, rows, size);
      return out;
    }
    const xc = this.xc.reserve(rows);
    const xn = this.xn.reserve(rows);
    backend.columnMeanVariance(this.mean, this.variance, x, rows, size);
    backend.standardDeviation(this.std, this.variance, BATCH_NORM_EPSILON, size);
    backend.batchNormTrainForward(out, xc, xn, x, this.mean, this.std, gamma, beta, rows, size);
    backend.runningAverage(runningMean, this.mean, this.momentum, size);
    backend.runningAverage(runningVar, this.variance, this.momentum, size);
    this.batchSize = rows;
    return out;
  }

  // dout: (rows, size) -> dx: (rows, size); fills dgamma and dbeta (1, size)
  backward(dout: Floats): Float64Array {
    const dx = this.dx.reserve(this.batchSize);
    this.backend.batchNormBackward(
      dx,
      this.dgamma.data,
      this.dbeta.data,
      this.dvar,
      this.dmu,
      dout,
      this.xc.data,
      this.xn.data,
      this.std,
      this.gamma.data,
      this.batchSize,
      this.size,
    );
    return dx;
  }
}
