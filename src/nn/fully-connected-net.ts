// What the book's MultiLayerNet and MultiLayerNetExtend (common/multi_layer_net*.py) share: a
// stack of fully connected layers, Affine1 -> [BatchNorm1] -> ActivationFunction1 -> [Dropout1]
// -> ... -> Affine(L), with SoftmaxWithLoss on top. The book writes the two classes out in full;
// MultiLayerNet is the extended one without Dropout and BatchNorm, so here one body serves both.
// Parameters live in backend memory shared with the layers, so an optimizer's update on params
// is seen by the next forward pass.

import { jsBackend, type Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { Affine } from './layers/affine.js';
import { BatchNormalization } from './layers/batch-normalization.js';
import { Dropout } from './layers/dropout.js';
import { Relu } from './layers/relu.js';
import { Sigmoid } from './layers/sigmoid.js';
import { SoftmaxWithLoss, type Labels } from './layers/softmax-with-loss.js';
import { CROSS_ENTROPY_DELTA } from './functions.js';
import { NUMERICAL_H, numericalGradient } from './numerical.js';
import type { Activation } from './shape.js';
import { initWeights, type WeightInitStd } from './weight-init.js';

export interface FullyConnectedNetOptions {
  /** The hidden layers' activation (book default 'relu'). */
  activation?: Activation;
  /** 'relu'/'he': √(2/n) (He); 'sigmoid'/'xavier': √(1/n) (Xavier); or a number (default 'relu'). */
  weightInitStd?: WeightInitStd;
  /** λ of the L2 weight decay 0.5·λ·Σ‖W‖² added to the loss (default 0). */
  weightDecayLambda?: number;
  backend?: Backend;
  /** Draws the initial weights and Dropout's masks (the book's np.random); default seed 0. */
  random?: RandomState;
  /** The delta inside the cross-entropy's log; 0 gives the exact -log y. */
  crossEntropyDelta?: number;
  /** Start from these values (a saved model's) for every params key, drawing nothing. */
  initialParams?: Readonly<Record<string, Float64Array>>;
}

/** The layers the extended network may add to each hidden layer. */
export interface HiddenLayerExtras {
  useDropout: boolean;
  dropoutRatio: number;
  useBatchnorm: boolean;
}

export type NetLayer = Affine | BatchNormalization | Relu | Sigmoid | Dropout;

// What the forward and backward passes ask of every layer; Affine and the activations take no
// train flag, and ignore it.
interface StackLayer {
  reserve(rows: number): void;
  forward(x: Floats, rows: number, trainFlg: boolean): Float64Array;
  backward(dout: Floats): Float64Array;
}

export abstract class FullyConnectedNet {
  readonly inputSize: number;
  readonly hiddenSizeList: readonly number[];
  readonly outputSize: number;
  readonly activation: Activation;
  readonly weightDecayLambda: number;
  readonly backend: Backend;
  /** The book's np.random for this network: its initial weights came from it, Dropout draws from it. */
  readonly random: RandomState;
  /** W1, b1, ..., W(L), b(L), then gamma1, beta1, ... : the book's params, in its key order. */
  readonly params: Record<string, Matrix>;
  /** Affine1, BatchNorm1, ActivationFunction1, Dropout1, ..., Affine(L), as the book's. */
  readonly layers: ReadonlyMap<string, NetLayer>;
  readonly lastLayer: SoftmaxWithLoss;
  /** What the last forward pass with labels returned: cross-entropy plus weight decay. */
  lastLoss = NaN;
  private readonly stack: StackLayer[];
  private readonly affines: Affine[];
  private readonly weightGradients: Matrix[];
  private readonly gradients: Record<string, Matrix>;

  protected constructor(
    inputSize: number,
    hiddenSizeList: readonly number[],
    outputSize: number,
    options: FullyConnectedNetOptions,
    extras: HiddenLayerExtras,
  ) {
    const allSizeList = [inputSize, ...hiddenSizeList, outputSize];
    for (const size of allSizeList) {
      if (!Number.isInteger(size) || size < 1) {
        throw new RangeError(
          `layer sizes must be positive integers, got ${allSizeList.join(', ')}`,
        );
      }
    }
    const weightDecayLambda = options.weightDecayLambda ?? 0;
    if (!(weightDecayLambda >= 0) || !Number.isFinite(weightDecayLambda)) {
      throw new RangeError(`weight decay lambda must be a number >= 0, got ${weightDecayLambda}`);
    }
    this.inputSize = inputSize;
    this.hiddenSizeList = [...hiddenSizeList];
    this.outputSize = outputSize;
    this.activation = options.activation ?? 'relu';
    this.weightDecayLambda = weightDecayLambda;
    const backend = options.backend ?? jsBackend;
    this.backend = backend;
    const random = options.random ?? new RandomState(0);
    this.random = random;
    const matrix = (rows: number, cols: number) =>
      new Matrix(rows, cols, backend.allocate(rows * cols));

    const initial = options.initialParams;
    this.params = initial
      ? zeroWeights(allSizeList, matrix)
      : initWeights(allSizeList, options.weightInitStd ?? 'relu', random, matrix);
    const layers = buildLayers(this.params, hiddenSizeList, this.activation, extras, {
      random,
      backend,
      matrix,
    });
    this.layers = layers;
    this.stack = [...layers.values()];
    this.affines = this.stack.filter((layer): layer is Affine => layer instanceof Affine);
    // A saved model's values, γ and β included (buildLayers adds those as ones and zeros).
    if (initial) setParams(this.params, initial);
    this.lastLayer = new SoftmaxWithLoss(
      outputSize,
      backend,
      options.crossEntropyDelta ?? CROSS_ENTROPY_DELTA,
    );

    // The book's grads dict: W(idx) = dW + λ·W (a buffer of the network's), b(idx) = db, then
    // gamma(idx) and beta(idx) from the BatchNorm layer.
    this.weightGradients = this.affines.map((layer) => matrix(layer.W.rows, layer.W.cols));
    this.gradients = {};
    this.affines.forEach((layer, i) => {
      const idx = i + 1;
      this.gradients[`W${idx}`] = this.weightGradients[i];
      this.gradients[`b${idx}`] = layer.db;
      const batchNorm = layers.get(`BatchNorm${idx}`);
      if (batchNorm instanceof BatchNormalization) {
        this.gradients[`gamma${idx}`] = batchNorm.dgamma;
        this.gradients[`beta${idx}`] = batchNorm.dbeta;
      }
    });
  }

  /** Grows every buffer to hold `rows` samples now, so that no later batch allocates. */
  reserve(rows: number): void {
    for (const layer of this.stack) layer.reserve(rows);
    this.lastLayer.reserve(rows);
  }

  // x: (rows, input) -> scores: (rows, output), the last Affine's output (valid until the next
  // forward pass). trainFlg reaches Dropout and BatchNorm: training masks and batch statistics,
  // or test-time scaling and running statistics.
  forwardScores(x: Floats, rows: number, trainFlg = false): Float64Array {
    let out = x;
    for (const layer of this.stack) out = layer.forward(out, rows, trainFlg);
    return out as Float64Array;
  }

  /** The L2 penalty 0.5·λ·Σ‖W‖², summed over W1 ... W(L) in order, as the book's loss adds it. */
  weightDecay(): number {
    let weightDecay = 0;
    for (const { W } of this.affines) {
      weightDecay += 0.5 * this.weightDecayLambda * this.backend.sumOfSquares(W.data, W.size);
    }
    return weightDecay;
  }

  // x: (rows, input), t: (rows) labels -> mean cross-entropy error plus the weight decay
  forwardLoss(x: Floats, t: Labels, rows: number, trainFlg = false): number {
    const scores = this.forwardScores(x, rows, trainFlg);
    const weightDecay = this.weightDecay();
    this.lastLoss = this.lastLayer.forward(scores, t, rows) + weightDecay;
    return this.lastLoss;
  }

  // x: (rows, input), t: (rows) labels -> how many rows are classified as t says (test mode)
  countCorrect(x: Floats, t: Labels, rows: number): number {
    this.reserve(rows);
    const scores = this.forwardScores(x, rows, false);
    return this.backend.countCorrect(scores, t, rows, this.outputSize);
  }

  /** Class scores for each row of x (a new matrix); softmax is left out, as in the book. */
  predict(x: Matrix, trainFlg = false): Matrix {
    this.checkInput(x);
    const scores = this.forwardScores(x.data, x.rows, trainFlg);
    return new Matrix(x.rows, this.outputSize, scores.slice(0, x.rows * this.outputSize));
  }

  loss(x: Matrix, t: Labels, trainFlg = false): number {
    this.checkBatch(x, t);
    return this.forwardLoss(x.data, t, x.rows, trainFlg);
  }

  /** Fraction of rows classified as t says, in test mode (book: np.sum(y == t) / x.shape[0]). */
  accuracy(x: Matrix, t: Labels): number {
    this.checkBatch(x, t);
    return this.countCorrect(x.data, t, x.rows) / x.rows;
  }

  /**
   * Gradients by backpropagation: a training forward pass (fresh Dropout masks, BatchNorm's
   * batch statistics), then every layer's backward from SoftmaxWithLoss down. The returned
   * matrices are the network's and its layers' own buffers, overwritten by the next call.
   */
  gradient(x: Matrix, t: Labels): Record<string, Matrix> {
    this.checkBatch(x, t);
    this.forwardLoss(x.data, t, x.rows, true);
    let dout: Floats = this.lastLayer.backward(1);
    // The first Affine's dx (the gradient with respect to the input) is of no use; skip it.
    for (let i = this.stack.length - 1; i > 0; i--) dout = this.stack[i].backward(dout);
    this.affines[0].backwardParams(dout);
    this.affines.forEach(({ dW, W }, i) => {
      const grad = this.weightGradients[i].data;
      this.backend.addScaled(grad, dW.data, W.data, this.weightDecayLambda, W.size);
    });
    return this.gradients;
  }

  /**
   * Gradients by central differences (book 4.4.2), each parameter nudged by ±h in turn. Every
   * loss is a training pass, as the book's: BatchNorm's running statistics move, and with
   * Dropout each evaluation draws a new mask (which makes the differences meaningless).
   */
  numericalGradient(x: Matrix, t: Labels, h = NUMERICAL_H): Record<string, Matrix> {
    this.checkBatch(x, t);
    // The loss reads the parameters through the layers, which share their memory.
    const lossW = () => this.forwardLoss(x.data, t, x.rows, true);
    const grads: Record<string, Matrix> = {};
    for (const key of Object.keys(this.gradients)) {
      grads[key] = numericalGradient(lossW, this.params[key], h);
    }
    return grads;
  }

  /** Number of loss evaluations one numericalGradient call makes. */
  get numericalEvaluations(): number {
    return 2 * Object.values(this.params).reduce((sum, param) => sum + param.size, 0);
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

/** W1, b1, ... for layers of allSizeList units, all zeros, to be filled from a saved model. */
function zeroWeights(
  allSizeList: readonly number[],
  allocate: (rows: number, cols: number) => Matrix,
): Record<string, Matrix> {
  const params: Record<string, Matrix> = {};
  for (let idx = 1; idx < allSizeList.length; idx++) {
    params[`W${idx}`] = allocate(allSizeList[idx - 1], allSizeList[idx]);
    params[`b${idx}`] = allocate(1, allSizeList[idx]);
  }
  return params;
}

/** Copies each of params' keys from initial, which must hold as many values. */
function setParams(
  params: Record<string, Matrix>,
  initial: Readonly<Record<string, Float64Array>>,
): void {
  for (const key of Object.keys(params)) {
    const values = initial[key] as Float64Array | undefined;
    if (values?.length !== params[key].size) {
      throw new RangeError(
        `${key} has ${values?.length ?? 0} values, expected ${params[key].size}`,
      );
    }
    params[key].data.set(values);
  }
}

/**
 * The book's layers, in order: per hidden layer Affine, [BatchNorm], ActivationFunction,
 * [Dropout], then the output Affine. BatchNorm's γ (ones) and β (zeros) join params, after the
 * weights, as the book adds them.
 */
function buildLayers(
  params: Record<string, Matrix>,
  hiddenSizeList: readonly number[],
  activation: Activation,
  extras: HiddenLayerExtras,
  using: {
    random: RandomState;
    backend: Backend;
    matrix: (rows: number, cols: number) => Matrix;
  },
): Map<string, NetLayer> {
  const { random, backend, matrix } = using;
  const layers = new Map<string, NetLayer>();
  const affine = (idx: number) =>
    layers.set(`Affine${idx}`, new Affine(params[`W${idx}`], params[`b${idx}`], backend));
  hiddenSizeList.forEach((size, i) => {
    const idx = i + 1;
    affine(idx);
    if (extras.useBatchnorm) {
      const gamma = (params[`gamma${idx}`] = matrix(1, size));
      gamma.data.fill(1);
      const beta = (params[`beta${idx}`] = matrix(1, size));
      layers.set(`BatchNorm${idx}`, new BatchNormalization(gamma, beta, { backend }));
    }
    layers.set(
      `ActivationFunction${idx}`,
      activation === 'relu' ? new Relu(size, backend) : new Sigmoid(size, backend),
    );
    if (extras.useDropout) {
      layers.set(`Dropout${idx}`, new Dropout(size, random, extras.dropoutRatio, backend));
    }
  });
  affine(hiddenSizeList.length + 1);
  return layers;
}
