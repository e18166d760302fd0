// Any of the book's networks for MNIST, described and built alike: chapter 4's TwoLayerNet and
// chapter 6's MultiLayerNet and MultiLayerNetExtend. A NetworkSpec says what the constructor was
// given (a training run's configuration and a saved model's architecture both hold one);
// buildNetwork calls that constructor. What the trainer, the gradient check and nn-eval ask of
// a network is the Network interface, which all three classes fit.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { Matrix } from '../core/matrix.js';
import type { RandomState } from '../core/random.js';
import { FullyConnectedNet } from './fully-connected-net.js';
import { BatchNormalization } from './layers/batch-normalization.js';
import { Dropout } from './layers/dropout.js';
import { Relu } from './layers/relu.js';
import type { Labels, SoftmaxWithLoss } from './layers/softmax-with-loss.js';
import { MultiLayerNet } from './multi-layer-net.js';
import { MultiLayerNetExtend } from './multi-layer-net-extend.js';
import type { Activation } from './shape.js';
import { TwoLayerNet } from './two-layer-net.js';
import type { WeightInitStd } from './weight-init.js';

export type NetworkClass = 'TwoLayerNet' | 'MultiLayerNet' | 'MultiLayerNetExtend';
export const NETWORK_CLASSES: readonly NetworkClass[] = [
  'TwoLayerNet',
  'MultiLayerNet',
  'MultiLayerNetExtend',
];

/** The constructor's arguments, by the book's names in camelCase. */
export interface NetworkSpec {
  readonly class: NetworkClass;
  readonly inputSize: number;
  /** One size for TwoLayerNet (its hidden_size), one per hidden layer for the others. */
  readonly hiddenSizeList: readonly number[];
  readonly outputSize: number;
  readonly activation: Activation;
  /**
   * The initial weights' scale: a standard deviation, or 'he' / 'xavier' (the book's 'relu' /
   * 'sigmoid'). Absent only where it was not recorded (a model file of version 1).
   */
  readonly weightInitStd?: WeightInitStd;
  /** λ of the L2 weight decay (0 for TwoLayerNet, which has none). */
  readonly weightDecayLambda: number;
  /** MultiLayerNetExtend only: Dropout after each hidden activation, and its ratio. */
  readonly useDropout?: boolean;
  readonly dropoutRatio?: number;
  /** MultiLayerNetExtend only: BatchNormalization after each hidden Affine. */
  readonly useBatchnorm?: boolean;
}

/** What training, checking and evaluating ask of a network. */
export interface Network {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly backend: Backend;
  /** The book's params dict: W1, b1, …, and for batch norm gamma1, beta1, … */
  readonly params: Readonly<Record<string, Matrix>>;
  readonly lastLayer: SoftmaxWithLoss;
  /** What the last forward pass with labels (loss, gradient) returned: the book's loss(). */
  readonly lastLoss: number;
  reserve(rows: number): void;
  /** Class scores in test mode (batch norm's running statistics, dropout's scaling). */
  forwardScores(x: Floats, rows: number): Float64Array;
  countCorrect(x: Floats, t: Labels, rows: number): number;
  /** The book's loss(); trainFlg (MultiLayerNetExtend's) makes it a training pass. */
  loss(x: Matrix, t: Labels, trainFlg?: boolean): number;
  /** Backpropagation, in training mode: the book's grads dict, in params' key order. */
  gradient(x: Matrix, t: Labels): Readonly<Record<string, Matrix>>;
  numericalGradient(x: Matrix, t: Labels, h?: number): Readonly<Record<string, Matrix>>;
  readonly numericalEvaluations: number;
}

export interface BuildOptions {
  backend?: Backend;
  /** Draws the initial weights and Dropout's masks: the book's np.random. */
  random?: RandomState;
  /** The delta inside the cross-entropy's log; 0 gives the exact -log y. */
  crossEntropyDelta?: number;
  /** Start from these values instead of drawing weights (a saved model): every params key. */
  initialParams?: Readonly<Record<string, Float64Array>>;
}

/** The network the spec describes, as the book's constructor would build it. */
export function buildNetwork(spec: NetworkSpec, options: BuildOptions = {}): Network {
  const { inputSize, hiddenSizeList, outputSize, activation } = spec;
  if (spec.class === 'TwoLayerNet') {
    if (hiddenSizeList.length !== 1) {
      throw new RangeError(`TwoLayerNet has one hidden layer, not ${hiddenSizeList.length}`);
    }
    if (spec.weightDecayLambda !== 0) {
      throw new RangeError(`TwoLayerNet has no weight decay, not λ = ${spec.weightDecayLambda}`);
    }
    const std = spec.weightInitStd ?? 0.01;
    if (typeof std !== 'number') {
      throw new RangeError(`TwoLayerNet's weights are std * randn: ${std} is not a std`);
    }
    return new TwoLayerNet(inputSize, hiddenSizeList[0], outputSize, std, {
      ...options,
      activation,
    });
  }
  const common = {
    ...options,
    activation,
    weightInitStd: spec.weightInitStd ?? 'relu',
    weightDecayLambda: spec.weightDecayLambda,
  };
  if (spec.class === 'MultiLayerNet') {
    return new MultiLayerNet(inputSize, hiddenSizeList, outputSize, common);
  }
  return new MultiLayerNetExtend(inputSize, hiddenSizeList, outputSize, {
    ...common,
    useDropout: spec.useDropout ?? false,
    dropoutRatio: spec.dropoutRatio ?? 0.5,
    useBatchnorm: spec.useBatchnorm ?? false,
  });
}

/** The network's ReLU layers, input side first (none for sigmoid). */
export function reluLayers(net: Network): Relu[] {
  const layers: unknown[] = net instanceof TwoLayerNet ? Object.values(net.layers) : [];
  if (net instanceof FullyConnectedNet) layers.push(...net.layers.values());
  return layers.filter((layer): layer is Relu => layer instanceof Relu);
}

/** Whether the network draws dropout masks in its training passes. */
export function hasDropout(net: Network): boolean {
  return (
    net instanceof FullyConnectedNet && [...net.layers.values()].some((l) => l instanceof Dropout)
  );
}

/** The L2 penalty the loss adds to the cross-entropy at the current weights (TwoLayerNet: 0). */
export function weightDecayOf(net: Network): number {
  return net instanceof FullyConnectedNet ? net.weightDecay() : 0;
}

/** The running mean and variance of each BatchNorm layer, by the layer's number. */
export function batchNormLayers(net: Network): Map<number, BatchNormalization> {
  const found = new Map<number, BatchNormalization>();
  if (!(net instanceof FullyConnectedNet)) return found;
  for (const [name, layer] of net.layers) {
    if (layer instanceof BatchNormalization)
      found.set(Number(name.slice('BatchNorm'.length)), layer);
  }
  return found;
}
