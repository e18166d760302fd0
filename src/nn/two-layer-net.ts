// The chapter's two-layer network (book 4.5, built from chapter 5's layers):
// Affine1 -> Sigmoid or Relu -> Affine2 -> SoftmaxWithLoss.
// params.W1 b1 W2 b2 live in backend memory and are shared with the layers, so an optimizer
// step on params is seen by the next forward pass. Each method works on a batch of `x.rows`
// samples; buffers grow to the largest batch seen and are reused, so after `reserve` the
// training loop allocates nothing.

import { jsBackend, type Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { NUMERICAL_H, numericalGradient } from './numerical.js';
import { Affine } from './layers/affine.js';
import { Relu } from './layers/relu.js';
import { Sigmoid } from './layers/sigmoid.js';
import { CROSS_ENTROPY_DELTA } from './functions.js';
import { SoftmaxWithLoss, type Labels } from './layers/softmax-with-loss.js';
import type { Activation, Gradients, NetworkShape, Params } from './shape.js';

/** W1: (input, hidden), b1: (1, hidden), W2: (hidden, output), b2: (1, output). */
export const PARAM_NAMES = ['W1', 'b1', 'W2', 'b2'] as const;

export interface TwoLayerNetOptions {
  activation?: Activation;
  backend?: Backend;
  /** Draws the initial weights (book: np.random.randn); default a RandomState seeded with 0. */
  random?: RandomState;
  /** Start from these parameter values instead of random ones (a saved model). */
  initialParams?: Readonly<Params<Float64Array>>;
  /** The delta inside the cross-entropy's log; 0 gives the exact -log y. */
  crossEntropyDelta?: number;
}

export class TwoLayerNet {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  readonly shape: NetworkShape;
  readonly backend: Backend;
  readonly params: Params;
  readonly layers: { Affine1: Affine; Activation1: Sigmoid | Relu; Affine2: Affine };
  readonly lastLayer: SoftmaxWithLoss;
  private readonly gradients: Gradients;
  private predicted: Int32Array = new Int32Array(0);

  constructor(
    inputSize: number,
    hiddenSize: number,
    outputSize: number,
    weightInitStd = 0.01,
    options: TwoLayerNetOptions = {},
  ) {
    for (const [name, size] of [
      ['input size', inputSize],
      ['hidden size', hiddenSize],
      ['output size', outputSize],
    ] as const) {
      if (!Number.isInteger(size) || size < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${size}`);
      }
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.outputSize = outputSize;
    this.activation = options.activation ?? 'sigmoid';
    this.shape = { layerSizes: [inputSize, hiddenSize, outputSize], activation: this.activation };
    const backend = options.backend ?? jsBackend;
    this.backend = backend;
    const matrix = (rows: number, cols: number) =>
      new Matrix(rows, cols, backend.allocate(rows * cols));
    this.params = {
      W1: matrix(inputSize, hiddenSize),
      b1: matrix(1, hiddenSize),
      W2: matrix(hiddenSize, outputSize),
      b2: matrix(1, outputSize),
    };
    if (options.initialParams) {
      for (const name of PARAM_NAMES) {
        const values = options.initialParams[name];
        if (values.length !== this.params[name].size) {
          throw new RangeError(
            `${name} has ${values.length} values, expected ${this.params[name].size}`,
          );
        }
        this.params[name].data.set(values);
      }
    } else {
      // Book order: W1 first, then W2, each weight_init_std * randn; biases start at zero.
      const random = options.random ?? new RandomState(0);
      scaleInto(this.params.W1.data, random.randn(inputSize * hiddenSize), weightInitStd);
      scaleInto(this.params.W2.data, random.randn(hiddenSize * outputSize), weightInitStd);
    }
    this.layers = {
      Affine1: new Affine(this.params.W1, this.params.b1, backend),
      Activation1:
        this.activation === 'relu'
          ? new Relu(hiddenSize, backend)
          : new Sigmoid(hiddenSize, backend),
      Affine2: new Affine(this.params.W2, this.params.b2, backend),
    };
    this.lastLayer = new SoftmaxWithLoss(
      outputSize,
      backend,
      options.crossEntropyDelta ?? CROSS_ENTROPY_DELTA,
    );
    this.gradients = {
      W1: this.layers.Affine1.dW,
      b1: this.layers.Affine1.db,
      W2: this.layers.Affine2.dW,
      b2: this.layers.Affine2.db,
    };
  }

  /** What the last forward pass with labels returned: the cross-entropy (no weight decay here). */
  get lastLoss(): number {
    return this.lastLayer.loss;
  }

  /** Grows every buffer to hold `rows` samples now, so that no later batch allocates. */
  reserve(rows: number): void {
    this.layers.Affine1.reserve(rows);
    this.layers.Activation1.reserve(rows);
    this.layers.Affine2.reserve(rows);
    this.lastLayer.reserve(rows);
    if (this.predicted.length < rows) this.predicted = new Int32Array(rows);
  }

  // x: (rows, input) -> scores: (rows, output), the last Affine's output (a view of its buffer,
  // valid until the next forward pass). Softmax is left out as in the book's chapter 5: it does
  // not change which class scores highest.
  forwardScores(x: Floats, rows: number): Float64Array {
    const a1 = this.layers.Affine1.forward(x, rows);
    const z1 = this.layers.Activation1.forward(a1, rows);
    return this.layers.Affine2.forward(z1, rows);
  }

  // x: (rows, input), t: (rows) labels -> mean cross-entropy error
  forwardLoss(x: Floats, t: Labels, rows: number): number {
    return this.lastLayer.forward(this.forwardScores(x, rows), t, rows);
  }

  // x: (rows, input), t: (rows) labels -> how many rows the network classifies as t says
  countCorrect(x: Floats, t: Labels, rows: number): number {
    this.reserve(rows);
    const scores = this.forwardScores(x, rows);
    this.backend.argmaxRows(this.predicted, scores, rows, this.outputSize);
    let correct = 0;
    for (let i = 0; i < rows; i++) if (this.predicted[i] === t[i]) correct++;
    return correct;
  }

  /** Class scores for each row of x (a new matrix). */
  predict(x: Matrix): Matrix {
    this.checkInput(x);
    return new Matrix(
      x.rows,
      this.outputSize,
      this.forwardScores(x.data, x.rows).slice(0, x.rows * this.outputSize),
    );
  }

  loss(x: Matrix, t: Labels): number {
    this.checkBatch(x, t);
    return this.forwardLoss(x.data, t, x.rows);
  }

  /** Fraction of rows classified as t says (book: np.sum(y == t) / float(x.shape[0])). */
  accuracy(x: Matrix, t: Labels): number {
    this.checkBatch(x, t);
    return this.countCorrect(x.data, t, x.rows) / x.rows;
  }

  /**
   * Gradients by backpropagation (book 5.7.2): forward through the layers, then backward from
   * SoftmaxWithLoss. The returned matrices are the layers' own dW and db, overwritten by the
   * next call; lastLayer.loss holds this batch's loss.
   */
  gradient(x: Matrix, t: Labels): Gradients {
    this.checkBatch(x, t);
    const { Affine1, Activation1, Affine2 } = this.layers;
    this.forwardLoss(x.data, t, x.rows);
    const dout = this.lastLayer.backward(1);
    const dz1 = Affine2.backward(dout);
    const da1 = Activation1.backward(dz1);
    Affine1.backwardParams(da1);
    return this.gradients;
  }

  /**
   * Gradients by central differences (book 4.4.2): every parameter nudged by ±h in turn, two
   * loss evaluations each, about 2 × 40 000 forward passes at the default size.
   */
  numericalGradient(x: Matrix, t: Labels, h = NUMERICAL_H): Gradients {
    this.checkBatch(x, t);
    // The loss reads the parameters through the layers, which share their memory.
    const lossW = () => this.forwardLoss(x.data, t, x.rows);
    return {
      W1: numericalGradient(lossW, this.params.W1, h),
      b1: numericalGradient(lossW, this.params.b1, h),
      W2: numericalGradient(lossW, this.params.W2, h),
      b2: numericalGradient(lossW, this.params.b2, h),
    };
  }

  /** Number of loss evaluations one numericalGradient call makes. */
  get numericalEvaluations(): number {
    return 2 * PARAM_NAMES.reduce((sum, name) => sum + this.params[name].size, 0);
  }

  private checkInput(x: Matrix): void {
    if (x.cols !== this.inputSize) {
      throw new RangeError(`input has ${x.cols} columns, the network takes ${this.inputSize}`);
    }
    this.reserve(x.rows);
  }

  private checkBatch(x: Matrix, t: Labels): void {
    this.checkInput(x);
    if (t.length < x.rows) {
      throw new RangeError(`${t.length} labels for ${x.rows} samples`);
    }
  }
}

// values: (n) -> out: (n) = scale * values, as numpy's weight_init_std * randn(...)
function scaleInto(out: Float64Array, values: Float64Array, scale: number): void {
  for (let i = 0; i < values.length; i++) out[i] = scale * values[i];
}
