// The training step of chapter 6's networks (MultiLayerNet, MultiLayerNetExtend), fused: the
// book's gradient() and optimizer.update() as one sequence of backend kernels on buffers allocated
// once, with the batch read straight from sparse MNIST rows. The input layer's product and its
// weight gradient come from the gather kernels, so no dense (batch, 784) matrix is made and no
// gradient with respect to the pixels is computed; the hidden layers run dense on the backend:
// Affine, [BatchNorm], activation, [Dropout] each, then Affine and softmax with loss, backward
// through the same, the weight decay λ·W added to each dW, and the network's optimizer takes
// the step. Dropout's masks are drawn from the network's own RandomState, one rand(batch, size)
// per hidden layer in forward order, after the batch's choice: numpy's order.
// At float64 it runs on the network's own parameters and batch-norm statistics, operation for
// operation as the layered path, so the two agree to the last bit (tests hold them so); at
// float32 it keeps float32 copies, and finish() widens them back into the network.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { BATCH_NORM_EPSILON } from '../core/kernels/normalization.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { FullyConnectedNet } from '../nn/fully-connected-net.js';
import type { BatchNormalization } from '../nn/layers/batch-normalization.js';
import type { Optimizer, ParamValues } from '../nn/optimizer.js';
import { forwardShapeOf } from './deep-network.js';
import { allocator, type Precision } from './precision.js';
import type { ForwardValues } from './sparse-forward.js';

export interface FusedDeepStepSettings {
  /** The largest batch the step takes. */
  batchSize: number;
  precision: Precision;
}

/** What the trainer asks of a fused step, whichever network it trains. */
export interface FusedStep {
  // x = rows[indices]: (m, input), t = labels: (m) -> one update; the loss of its forward pass
  step(rows: SparseRows, indices: ArrayLike<number>, labels: ArrayLike<number>, m: number): number;
  /**
   * network.loss(x, t) of the parameters as they are, without an update; undefined for a network
   * whose test-mode pass differs from its training pass (batch norm, dropout).
   */
  loss?(rows: SparseRows, indices: ArrayLike<number>, labels: ArrayLike<number>, m: number): number;
  /** The values the evaluation passes read: the network's own at float64, else the copies. */
  readonly values: ForwardValues;
  /** Leaves the trained values in the network (a float32 step trains copies). */
  finish(): void;
}

/** The fused step of a MultiLayerNet(Extend), taking its optimizer's update. */
export function fusedStepFor(
  net: FullyConnectedNet,
  optimizer: Optimizer,
  settings: FusedDeepStepSettings,
): FusedStep {
  return new FusedDeepStep(net, optimizer, settings);
}

/** One hidden layer's batch-norm state: the book's BatchNormalization, as buffers. */
interface BatchNormBuffers {
  layer: BatchNormalization;
  out: Floats;
  xc: Floats;
  xn: Floats;
  mean: Floats;
  variance: Floats;
  std: Floats;
  dvar: Floats;
  dmu: Floats;
  runningMean: Floats;
  runningVar: Floats;
}

/** One hidden layer's buffers, (batch, size) each unless said. */
interface HiddenBuffers {
  size: number;
  /** The Affine's output. */
  affine: Floats;
  batchNorm?: BatchNormBuffers;
  /** The activation's output. */
  activated: Floats;
  /** Dropout's mask and output, and (float32) the float64 draws the mask comes from. */
  mask?: Floats;
  dropped?: Floats;
  draws?: Float64Array;
}

class FusedDeepStep implements FusedStep {
  readonly values: ForwardValues;
  private readonly backend: Backend;
  private readonly sizes: readonly number[];
  private readonly weightDecayLambda: number;
  private readonly dropoutRatio: number;
  /** In net.params' key order, as the optimizer updates them. */
  private readonly params: Record<string, ParamValues>;
  private readonly grads: Record<string, ParamValues>;
  /** Per Affine: dW before the weight decay is added. */
  private readonly weightGradients: Floats[];
  private readonly hidden: HiddenBuffers[];
  private readonly scores: Floats;
  private readonly probabilities: Floats;
  private readonly dscores: Floats;
  /** The gradient flowing down, ping-ponged between two (batch, widest hidden) buffers. */
  private readonly flow: [Floats, Floats];
  readonly loss: FusedStep['loss'];

  constructor(
    private readonly net: FullyConnectedNet,
    private readonly optimizer: Optimizer,
    settings: FusedDeepStepSettings,
  ) {
    if (net.hiddenSizeList.length === 0) {
      throw new RangeError('the fused step runs networks with at least one hidden layer');
    }
    const backend = net.backend;
    const { batchSize: m, precision } = settings;
    const allocate = allocator(backend, precision);
    const isCopy = precision === 'f32';
    this.backend = backend;
    this.sizes = [net.inputSize, ...net.hiddenSizeList, net.outputSize];
    this.weightDecayLambda = net.weightDecayLambda;
    this.dropoutRatio = forwardShapeOf(net).dropoutRatio ?? 0;
    const copyOf = (source: Floats) => {
      const copy = allocate(source.length);
      copy.set(source);
      return copy;
    };
    this.params = {};
    this.grads = {};
    for (const [key, param] of Object.entries(net.params)) {
      const data = isCopy ? copyOf(param.data) : param.data;
      this.params[key] = { data, size: param.size };
      this.grads[key] = { data: allocate(param.size), size: param.size };
    }
    const affines = this.sizes.length - 1;
    this.weightGradients = Array.from({ length: affines }, (_, i) =>
      allocate(this.sizes[i] * this.sizes[i + 1]),
    );
    this.values = Object.fromEntries(Object.entries(this.params).map(([k, p]) => [k, p.data]));
    this.hidden = net.hiddenSizeList.map((size, i) => {
      const idx = i + 1;
      const buffers: HiddenBuffers = {
        size,
        affine: allocate(m * size),
        activated: allocate(m * size),
      };
      const layer = net.layers.get(`BatchNorm${idx}`) as BatchNormalization | undefined;
      if (layer !== undefined) {
        // The layer's running statistics, made now if no pass has made them yet (zeros).
        const runningMean = (layer.runningMean ??= backend.allocate(size));
        const runningVar = (layer.runningVar ??= backend.allocate(size));
        buffers.batchNorm = {
          layer,
          out: allocate(m * size),
          xc: allocate(m * size),
          xn: allocate(m * size),
          mean: allocate(size),
          variance: allocate(size),
          std: allocate(size),
          dvar: allocate(size),
          dmu: allocate(size),
          runningMean: isCopy ? copyOf(runningMean) : runningMean,
          runningVar: isCopy ? copyOf(runningVar) : runningVar,
        };
        this.values[`runningMean${idx}`] = buffers.batchNorm.runningMean;
        this.values[`runningVar${idx}`] = buffers.batchNorm.runningVar;
      }
      if (net.layers.has(`Dropout${idx}`)) {
        buffers.mask = allocate(m * size);
        buffers.dropped = allocate(m * size);
        if (isCopy) buffers.draws = backend.allocate(m * size);
      }
      return buffers;
    });
    const outputSize = net.outputSize;
    this.scores = allocate(m * outputSize);
    this.probabilities = allocate(m * outputSize);
    this.dscores = allocate(m * outputSize);
    const widest = Math.max(...net.hiddenSizeList);
    this.flow = [allocate(m * widest), allocate(m * widest)];
    // Without batch norm or dropout the training and test passes are one computation, so the
    // training forward pass gives network.loss(x, t) as the book's scripts call it.
    const isSamePass = this.hidden.every((layer) => !layer.batchNorm && !layer.mask);
    this.loss = isSamePass
      ? (rows, indices, labels, batch) => this.forward(rows, indices, labels, batch)
      : undefined;
  }

  step(rows: SparseRows, indices: ArrayLike<number>, labels: ArrayLike<number>, m: number): number {
    const loss = this.forward(rows, indices, labels, m);
    this.backward(rows, indices, labels, m);
    // grads['W' + idx] = dW + λ·W, for every Affine in order
    const { backend, weightDecayLambda: lambda } = this;
    this.weightGradients.forEach((dW, i) => {
      const key = `W${i + 1}`;
      const W = this.params[key];
      backend.addScaled(this.grads[key].data, dW, W.data, lambda, W.size);
    });
    // optimizer.update(network.params, grads)
    this.optimizer.update(this.params, this.grads);
    return loss;
  }

  finish(): void {
    if (this.values.W1 === this.net.params.W1.data) return;
    for (const [key, param] of Object.entries(this.net.params)) {
      param.data.set(this.params[key].data);
    }
    for (const { batchNorm } of this.hidden) {
      if (batchNorm === undefined) continue;
      batchNorm.layer.runningMean?.set(batchNorm.runningMean);
      batchNorm.layer.runningVar?.set(batchNorm.runningVar);
    }
  }

  // A training-mode forward pass: the loss (cross-entropy plus the weight decay), as
  // network.loss(x, t, train_flg=True) computes it.
  private forward(
    rows: SparseRows,
    indices: ArrayLike<number>,
    labels: ArrayLike<number>,
    m: number,
  ): number {
    const { backend, params, sizes } = this;
    // Affine1: x·W1 + b1 from the sparse rows, then each hidden layer and the next Affine
    backend.gatherMatmul(this.hidden[0].affine, rows, indices, m, params.W1.data, sizes[1]);
    let x = this.hidden[0].affine;
    this.hidden.forEach((layer, i) => {
      const { size, affine, activated } = layer;
      const idx = i + 1;
      if (idx > 1) backend.matmul(affine, x, params[`W${idx}`].data, m, sizes[i], size);
      backend.addRowVector(affine, affine, params[`b${idx}`].data, m, size);
      let out = affine;
      if (layer.batchNorm) out = this.batchNormForward(layer.batchNorm, idx, affine, m, size);
      if (this.net.activation === 'relu') backend.reluForward(activated, out, m * size);
      else backend.sigmoidForward(activated, out, m * size);
      x = activated;
      if (layer.mask && layer.dropped) {
        // mask = np.random.rand(*x.shape) > dropout_ratio; x * mask
        const draws = layer.draws ?? (layer.mask as Float64Array);
        this.net.random.fillRand(draws, m * size);
        backend.dropoutMask(layer.mask, draws, this.dropoutRatio, m * size);
        backend.applyMask(layer.dropped, activated, layer.mask, m * size);
        x = layer.dropped;
      }
    });
    const last = sizes.length - 1;
    const outputSize = sizes[last];
    backend.matmul(this.scores, x, params[`W${last}`].data, m, sizes[last - 1], outputSize);
    backend.addRowVector(this.scores, this.scores, params[`b${last}`].data, m, outputSize);
    // weight_decay += 0.5 * λ * np.sum(W ** 2) for each W, then softmax with loss
    let weightDecay = 0;
    for (let idx = 1; idx <= last; idx++) {
      const W = params[`W${idx}`];
      weightDecay += 0.5 * this.weightDecayLambda * backend.sumOfSquares(W.data, W.size);
    }
    backend.softmaxRows(this.probabilities, this.scores, m, outputSize);
    const delta = this.net.lastLayer.delta;
    const loss = backend.crossEntropyRows(this.probabilities, labels, m, outputSize, delta);
    return loss + weightDecay;
  }

  // BatchNormalization's training forward pass on the Affine's output: its out (rows, size)
  private batchNormForward(
    bn: BatchNormBuffers,
    idx: number,
    x: Floats,
    m: number,
    size: number,
  ): Floats {
    const { backend, params } = this;
    const gamma = params[`gamma${idx}`].data;
    const beta = params[`beta${idx}`].data;
    backend.columnMeanVariance(bn.mean, bn.variance, x, m, size);
    backend.standardDeviation(bn.std, bn.variance, BATCH_NORM_EPSILON, size);
    backend.batchNormTrainForward(bn.out, bn.xc, bn.xn, x, bn.mean, bn.std, gamma, beta, m, size);
    const momentum = bn.layer.momentum;
    backend.runningAverage(bn.runningMean, bn.mean, momentum, size);
    backend.runningAverage(bn.runningVar, bn.variance, momentum, size);
    return bn.out;
  }

  // Backward from SoftmaxWithLoss down to the first Affine's dW and db (its dx is not needed).
  private backward(
    rows: SparseRows,
    indices: ArrayLike<number>,
    labels: ArrayLike<number>,
    m: number,
  ): void {
    const { backend, params, grads, sizes, hidden } = this;
    const last = sizes.length - 1;
    backend.softmaxLossBackward(this.dscores, this.probabilities, labels, m, sizes[last], 1);
    // dout into Affine(idx): (m, sizes[idx]); its input: (m, sizes[idx - 1])
    let dout = this.dscores;
    let flow = 0;
    for (let idx = last; idx >= 1; idx--) {
      const inSize = sizes[idx - 1];
      const outSize = sizes[idx];
      const dW = this.weightGradients[idx - 1];
      // dW = x.T·dout, db = Σ dout
      if (idx === 1) backend.gatherMatmulTransA(dW, rows, indices, m, dout, outSize);
      else backend.matmulTransA(dW, this.inputOf(idx), dout, inSize, m, outSize);
      backend.sumRows(grads[`b${idx}`].data, dout, m, outSize);
      if (idx === 1) break;
      // dx = dout·W.T, then back through the hidden layer below: Dropout, activation, BatchNorm
      const dx = this.flow[flow];
      flow = 1 - flow;
      backend.matmulTransB(dx, dout, params[`W${idx}`].data, m, outSize, inSize);
      const layer = hidden[idx - 2];
      const length = m * inSize;
      if (layer.mask) backend.applyMask(dx, dx, layer.mask, length);
      if (this.net.activation === 'relu') backend.reluBackward(dx, dx, layer.activated, length);
      else backend.sigmoidBackward(dx, dx, layer.activated, length);
      dout = dx;
      if (layer.batchNorm) {
        const bn = layer.batchNorm;
        const dBn = this.flow[flow];
        flow = 1 - flow;
        const key = idx - 1;
        backend.batchNormBackward(
          dBn,
          grads[`gamma${key}`].data,
          grads[`beta${key}`].data,
          bn.dvar,
          bn.dmu,
          dx,
          bn.xc,
          bn.xn,
          bn.std,
          params[`gamma${key}`].data,
          m,
          inSize,
        );
        dout = dBn;
      }
    }
  }

  /** The input of Affine(idx > 1): the output of the hidden layer below it. */
  private inputOf(idx: number): Floats {
    const layer = this.hidden[idx - 2];
    return layer.dropped ?? layer.activated;
  }
}
