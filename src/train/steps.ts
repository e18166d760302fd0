// The two ways nn-train takes a step (--step). Both compute the same numbers, bit for bit:
// - book: ch04/train_neuralnet.py (with ch05's backprop) as the book writes it, for any of its
//   networks and optimizers: x_batch gathered as a dense matrix, grad = network.gradient(x_batch,
//   t_batch), optimizer.update(network.params, grad), and network.accuracy over the whole sets,
//   all on this thread in float64.
// - fused: the same arithmetic done by src/fast/: the batch read from sparse MNIST rows, the
//   gradient and the update as one sequence of kernels, the accuracy passes on worker threads
//   alongside training, optionally in float32. Several times faster. It trains TwoLayerNet with
//   SGD (its own fused update) or with numerical gradients (any optimizer), and
//   MultiLayerNet(Extend) with backprop and any optimizer (deep-step.ts); the rest (TwoLayerNet
//   with backprop and another optimizer, numerical gradients of the deeper networks) takes the
//   book's step.

import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import { Matrix } from '../core/matrix.js';
import { IMAGE_SIZE } from '../data/dataset.js';
import { FusedTwoLayerStep } from '../fast/fused-step.js';
import { FastNumericalGradient } from '../fast/numerical-gradient.js';
import { FullyConnectedNet } from '../nn/fully-connected-net.js';
import { NUMERICAL_H } from '../nn/numerical.js';
import type { Params } from '../nn/shape.js';
import { TwoLayerNet } from '../nn/two-layer-net.js';
import { hasFusedStep, type StepKind } from './config.js';
import { fusedDeepStep } from './deep-step.js';
import { evaluationOf, evaluatorFor, sparseSplits } from './sparse-evaluation.js';
import { SplitAccuracy } from './split-accuracy.js';
import type { StepSetting, TrainingStep } from './training-step.js';

/**
 * The step a run takes: the fused one when asked for and when it trains this network with this
 * optimizer (config.ts hasFusedStep), the book's otherwise.
 */
export function stepFor(
  kind: StepKind,
  setting: StepSetting,
): { kind: StepKind; step: TrainingStep } {
  const { net, config } = setting;
  if (kind === 'fused' && hasFusedStep(config)) {
    if (net instanceof TwoLayerNet) return { kind, step: fusedStep({ ...setting, net }) };
    if (net instanceof FullyConnectedNet) return { kind, step: fusedDeepStep({ ...setting, net }) };
  }
  return { kind: 'book', step: bookStep(setting) };
}

/** The book's step: the network and the optimizer as they are, on dense batches. */
export function bookStep({ net, optimizer, config, train, test }: StepSetting): TrainingStep {
  const m = config.batchSize;
  const xBatch = new Matrix(m, IMAGE_SIZE, net.backend.allocate(m * IMAGE_SIZE));
  const tBatch = new Int32Array(m);
  const accuracy = new SplitAccuracy(net);
  const passMs: number[] = [];
  return {
    take(batchMask) {
      // x_batch = x_train[batch_mask]; t_batch = t_train[batch_mask]
      train.gatherImages(xBatch.data, batchMask);
      train.gatherLabels(tBatch, batchMask);
      if (config.grad === 'numerical') {
        // The loss before any nudge, as the fused numerical step reports it (in test mode:
        // loss() moves no batch-norm statistics and draws no dropout mask).
        const loss = net.loss(xBatch, tBatch);
        // grad = network.numerical_gradient(x_batch, t_batch), then the same update
        optimizer.update(net.params, net.numericalGradient(xBatch, tBatch));
        return loss;
      }
      // grad = network.gradient(x_batch, t_batch)
      const grads = net.gradient(xBatch, tBatch);
      // The loss of the gradient's own forward pass, weight decay included (the book's script
      // computes network.loss anew after the update).
      const loss = net.lastLoss;
      // optimizer.update(network.params, grad)
      optimizer.update(net.params, grads);
      return loss;
    },
    accuracies() {
      const started = performance.now();
      // train_acc = network.accuracy(x_train, t_train); test_acc = network.accuracy(x_test, t_test)
      const [trainScore, testScore] = [accuracy.of(train), accuracy.of(test)];
      passMs.push(performance.now() - started);
      return {
        trainAcc: trainScore.accuracy,
        testAcc: testScore.accuracy,
        trainLoss: trainScore.loss,
        testLoss: testScore.loss,
      };
    },
    passMs,
    isEvaluatedInline: true,
    helpFromNowOn: () => undefined,
    finish: () => undefined,
    close: () => Promise.resolve(),
  };
}

/** The same step on the fast path, on sparse rows in the backend's memory. */
export function fusedStep(setting: StepSetting & { net: TwoLayerNet }): TrainingStep {
  const { net, config, train, test } = setting;
  // MNIST as sparse rows in the backend's shared memory, read in place by its kernels and by
  // the evaluation workers.
  const splits = sparseSplits(train, test, net.backend.placement);
  const tBatch = new Int32Array(config.batchSize);
  const update = config.grad === 'numerical' ? numericalUpdate(setting) : backpropUpdate(setting);
  const { backend, shape: netShape, lastLayer } = net;
  const shape = { ...netShape, crossEntropyDelta: lastLayer.delta };
  const evaluator = evaluatorFor({ ...setting, backend, shape }, splits);
  return {
    take(batchMask) {
      train.gatherLabels(tBatch, batchMask);
      return update.take(splits[0].rows, batchMask, tBatch);
    },
    ...evaluationOf(evaluator, update.params),
    finish() {
      // A float32 run trained copies: widened back into the network (for --save and the result).
      if (update.params.W1 !== net.params.W1.data) {
        for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
          net.params[name].data.set(update.params[name]);
        }
      }
    },
  };
}

/** An update over sparse rows, and the parameters it updates. */
interface SparseUpdate {
  readonly params: Params<Floats>;
  take(
    rows: SparseRows,
    indices: Int32Array,
    labels: Int32Array,
  ): number | Promise<number | undefined>;
}

function backpropUpdate({
  net,
  config,
  precision,
}: StepSetting & { net: TwoLayerNet }): SparseUpdate {
  const settings = {
    batchSize: config.batchSize,
    learningRate: config.optimizer.learningRate,
    crossEntropyDelta: net.lastLayer.delta,
    precision,
  };
  const step = new FusedTwoLayerStep(net.backend, net.shape, settings, paramsOf(net));
  return {
    params: step.params,
    take: (rows, indices, labels) => step.step(rows, indices, labels, config.batchSize),
  };
}

function numericalUpdate({
  net,
  optimizer,
  config,
  pause,
}: StepSetting & { net: TwoLayerNet }): SparseUpdate {
  const numerical = new FastNumericalGradient(net.shape, net.lastLayer.delta, config.batchSize);
  const grads = {
    W1: new Matrix(net.inputSize, net.hiddenSize, numerical.grads.W1),
    b1: new Matrix(1, net.hiddenSize, numerical.grads.b1),
    W2: new Matrix(net.hiddenSize, net.outputSize, numerical.grads.W2),
    b2: new Matrix(1, net.outputSize, numerical.grads.b2),
  };
  const params = paramsOf(net);
  return {
    params,
    async take(rows, indices, labels) {
      const m = config.batchSize;
      const loss = await numerical.gradient(params, rows, indices, labels, m, NUMERICAL_H, pause);
      if (loss !== undefined) optimizer.update(net.params, grads);
      return loss;
    },
  };
}

/** The network's own parameter arrays. */
function paramsOf(net: TwoLayerNet): Params<Float64Array> {
  const { W1, b1, W2, b2 } = net.params;
  return { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
}
