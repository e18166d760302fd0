// ReLU layer (book 5.5.1): y = max(x, 0); the gradient passes where x was positive and stops
// elsewhere. The book keeps a mask of x <= 0; y > 0 is the same mask, read from the output.

import { jsBackend, type Backend } from '../../core/backend.js';
import { reluBackward, reluForward } from '../../core/activations.js';
import { ElementwiseActivation } from './elementwise.js';

export class Relu extends ElementwiseActivation {
  constructor(size: number, backend: Backend = jsBackend) {
    super(size, backend, reluForward, reluBackward);
  }
}
