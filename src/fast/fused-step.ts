// The training step of the default run, fused: chapter 4's gradient (src/nn/two-layer-gradient.ts)
// and the SGD update as one sequence of backend kernels on buffers allocated once, with the batch
// read straight from sparse MNIST rows instead of a dense (batch, 784) matrix, and W1's update
// applied a row at a time as its gradient is summed.
// At float64 it runs on the network's own parameters and performs, operation for operation, what
// TwoLayerNet.gradient and SGD.update do, so the two agree to the last bit (tests hold them so);
// at float32 (--precision f32) it keeps float32 copies and the same operations round to float32.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { NetworkShape, Params } from '../nn/shape.js';
import { allocator, type Precision } from './precision.js';

/** [input, hidden, output] of a network of one hidden layer: this step's (and TwoLayerNet's). */
export function twoLayerSizes(shape: NetworkShape): [number, number, number] {
  const sizes = shape.layerSizes;
  if (sizes.length !== 3) {
    throw new RangeError(`a network of one hidden layer was expected, not [${sizes.join(', ')}]`);
  }
  return [sizes[0], sizes[1], sizes[2]];
}

/** How the step trains: the batch it is sized for, SGD's rate, the loss's delta, its precision. */
export interface FusedStepSettings {
  batchSize: number;
  learningRate: number;
  crossEntropyDelta: number;
  precision: Precision;
}

export class FusedTwoLayerStep {
  /** At float64 the arrays passed in (updated in place); at float32 rounded copies. */
  readonly params: Params<Floats>;
  /** Gradients of b1, W2 and b2 (W1's is applied as it is summed, never stored whole). */
  private readonly grads: Params<Floats>;
  private readonly a1: Floats;
  private readonly z1: Floats;
  private readonly a2: Floats;
  private readonly y: Floats;
  private readonly dy: Floats;
  private readonly dz1: Floats;
  private readonly da1: Floats;

  /** params: the network's parameters, in this backend's memory for the fast kernels to apply. */
  constructor(
    private readonly backend: Backend,
    private readonly shape: NetworkShape,
    private readonly settings: FusedStepSettings,
    params: Params<Floats>,
  ) {
    const [I, H, O] = twoLayerSizes(shape);
    const { batchSize: m, precision } = settings;
    const allocate = allocator(backend, precision);
    if (precision === 'f32') {
      this.params = { W1: allocate(I * H), b1: allocate(H), W2: allocate(H * O), b2: allocate(O) };
      for (const name of ['W1', 'b1', 'W2', 'b2'] as const) this.params[name].set(params[name]);
    } else {
      this.params = params;
    }
    this.grads = { b1: allocate(H), W2: allocate(H * O), b2: allocate(O) };
    this.a1 = allocate(m * H);
    this.z1 = allocate(m * H);
    this.a2 = allocate(m * O);
    this.y = allocate(m * O);
    this.dy = allocate(m * O);
    this.dz1 = allocate(m * H);
    this.da1 = allocate(m * H);
  }

  // x = rows[indices]: (m, input), t = labels: (m) -> one SGD step; the loss of its forward pass
  step(rows: SparseRows, indices: ArrayLike<number>, labels: ArrayLike<number>, m: number): number {
    const { backend, a1, z1, a2, y, dy, dz1, da1, params, grads } = this;
    const [, H, O] = twoLayerSizes(this.shape);
    const isRelu = this.shape.activation === 'relu';
    // forward: a1 = x·W1 + b1, z1 = activation(a1), a2 = z1·W2 + b2, y = softmax(a2)
    backend.gatherMatmul(a1, rows, indices, m, params.W1, H);
    backend.addRowVector(a1, a1, params.b1, m, H);
    if (isRelu) backend.reluForward(z1, a1, m * H);
    else backend.sigmoidForward(z1, a1, m * H);
    backend.matmul(a2, z1, params.W2, m, H, O);
    backend.addRowVector(a2, a2, params.b2, m, O);
    backend.softmaxRows(y, a2, m, O);
    const loss = backend.crossEntropyRows(y, labels, m, O, this.settings.crossEntropyDelta);
    // backward: dy = (y - t) / m, dW2 = z1ᵀ·dy, db2 = Σ dy, dz1 = dy·W2ᵀ, da1 = dz1 · activation'
    backend.softmaxLossBackward(dy, y, labels, m, O, 1);
    backend.matmulTransA(grads.W2, z1, dy, H, m, O);
    backend.sumRows(grads.b2, dy, m, O);
    backend.matmulTransB(dz1, dy, params.W2, m, O, H);
    if (isRelu) backend.reluBackward(da1, dz1, z1, m * H);
    else backend.sigmoidBackward(da1, dz1, z1, m * H);
    backend.sumRows(grads.b1, da1, m, H);
    // SGD: W1 -= lr · xᵀ·da1 a row at a time (dW1 depends on no parameter), skipping the rows of
    // pixels the batch never lights, whose gradient is zero; then the others.
    const lr = this.settings.learningRate;
    backend.gatherSgdStep(params.W1, rows, indices, m, da1, H, lr);
    backend.sgdStep(params.b1, grads.b1, lr, H);
    backend.sgdStep(params.W2, grads.W2, lr, H * O);
    backend.sgdStep(params.b2, grads.b2, lr, O);
    return loss;
  }
}
