// Affine layer (book 5.6.2): out = x·W + b. forward keeps x for backward, which gives
// dx = dout·Wᵀ, dW = xᵀ·dout and db = the column sums of dout.

import { jsBackend, type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import { Matrix } from '../../core/matrix.js';
import { RowBuffer } from './row-buffer.js';

export class Affine {
  readonly W: Matrix;
  readonly b: Matrix;
  readonly dW: Matrix;
  readonly db: Matrix;
  private readonly backend: Backend;
  private readonly out: RowBuffer;
  private readonly dx: RowBuffer;
  private x: Floats;
  private rows = 0;

  /** W: (inSize, outSize), b: (1, outSize); the layer shares them, so updates reach it. */
  constructor(W: Matrix, b: Matrix, backend: Backend = jsBackend) {
    if (b.size !== W.cols) {
      throw new RangeError(`bias of ${b.size} values does not fit weights (${W.rows}, ${W.cols})`);
    }
    this.W = W;
    this.b = b;
    this.backend = backend;
    this.dW = new Matrix(W.rows, W.cols, backend.allocate(W.size));
    this.db = new Matrix(1, W.cols, backend.allocate(W.cols));
    this.out = new RowBuffer(backend, W.cols);
    this.dx = new RowBuffer(backend, W.rows);
    this.x = this.out.data;
  }

  get inSize(): number {
    return this.W.rows;
  }

  get outSize(): number {
    return this.W.cols;
  }

  reserve(rows: number): void {
    this.out.reserve(rows);
    this.dx.reserve(rows);
  }

  // x: (rows, inSize) -> out: (rows, outSize)
  forward(x: Floats, rows: number): Float64Array {
    const out = this.out.reserve(rows);
    // out = np.dot(x, W) + b
    this.backend.matmul(out, x, this.W.data, rows, this.inSize, this.outSize);
    this.backend.addRowVector(out, out, this.b.data, rows, this.outSize);
    this.x = x;
    this.rows = rows;
    return out;
  }

  // dout: (rows, outSize) -> dx: (rows, inSize); fills dW (inSize, outSize) and db (outSize)
  backward(dout: Floats): Float64Array {
    this.backwardParams(dout);
    const dx = this.dx.reserve(this.rows);
    // dx = np.dot(dout, W.T)
    this.backend.matmulTransB(dx, dout, this.W.data, this.rows, this.outSize, this.inSize);
    return dx;
  }

  /**
   * dW and db only. The first layer's dx would be the gradient with respect to the pixels,
   * which nothing uses; the book computes it anyway, at the cost of a (batch, 784) product.
   */
  backwardParams(dout: Floats): void {
    // dW = np.dot(x.T, dout)
    this.backend.matmulTransA(this.dW.data, this.x, dout, this.inSize, this.rows, this.outSize);
    // db = np.sum(dout, axis=0)
    this.backend.sumRows(this.db.data, dout, this.rows, this.outSize);
  }
}
