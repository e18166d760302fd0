// Sigmoid layer (book 5.5.2). Backward needs only the output: the derivative of the sigmoid is
// (1 - y) · y.

import { jsBackend, type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import { ElementwiseActivation } from './elementwise.js';

export class Sigmoid extends ElementwiseActivation {
  constructor(size: number, backend: Backend = jsBackend) {
    super(size, backend);
  }

  // y = 1 / (1 + exp(-x))
  protected activate(y: Floats, x: Floats, length: number): void {
    this.backend.sigmoidForward(y, x, length);
  }

  // dx = dout * (1 - y) * y
  protected derive(dx: Floats, dout: Floats, y: Floats, length: number): void {
    this.backend.sigmoidBackward(dx, dout, y, length);
  }
}
