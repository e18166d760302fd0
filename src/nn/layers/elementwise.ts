// The shape both activation layers share: forward keeps its output y, and backward needs only y
// (sigmoid: dout·(1 - y)·y; ReLU: dout where y > 0). Each layer supplies its pair of kernels.

import { type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/kernels.js';
import { RowBuffer } from './row-buffer.js';

type ForwardKernel = (out: Floats, x: Floats, length: number) => void;
type BackwardKernel = (dx: Floats, dout: Floats, y: Floats, length: number) => void;

export abstract class ElementwiseActivation {
  private readonly out: RowBuffer;
  private readonly dx: RowBuffer;
  private rows = 0;

  protected constructor(
    readonly size: number,
    backend: Backend,
    private readonly forwardKernel: ForwardKernel,
    private readonly backwardKernel: BackwardKernel,
  ) {
    this.out = new RowBuffer(backend, size);
    this.dx = new RowBuffer(backend, size);
  }

  reserve(rows: number): void {
    this.out.reserve(rows);
    this.dx.reserve(rows);
  }

  // x: (rows, size) -> out: (rows, size)
  forward(x: Floats, rows: number): Float64Array {
    const out = this.out.reserve(rows);
    this.rows = rows;
    this.forwardKernel(out, x, rows * this.size);
    return out;
  }

  // dout: (rows, size) -> dx: (rows, size)
  backward(dout: Floats): Float64Array {
    const dx = this.dx.reserve(this.rows);
    this.backwardKernel(dx, dout, this.out.data, this.rows * this.size);
    return dx;
  }
}
