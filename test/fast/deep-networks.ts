// Chapter 6's networks on real MNIST rows, for the fast path's tests: the cases (activation,
// initial weights, weight decay, batch norm, dropout), the six optimizers, and the book's loop
// run through the layered network (gradient, then optimizer.update) as the reference.

import type { Backend } from '../../src/core/backend.js';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState, type RandomStateSnapshot } from '../../src/core/random.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import type { FullyConnectedNet } from '../../src/nn/fully-connected-net.js';
import type { BatchNormalization } from '../../src/nn/layers/batch-normalization.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import {
  MultiLayerNetExtend,
  type MultiLayerNetExtendOptions,
} from '../../src/nn/multi-layer-net-extend.js';
import {
  AdaGrad,
  Adam,
  Momentum,
  Nesterov,
  RMSprop,
  SGD,
  type Optimizer,
} from '../../src/nn/optimizer.js';
import { mnistImages, mnistLabels } from '../core/kernels/cases.js';

export const COUNT = 600;
export const images = mnistImages(COUNT);
export const labels = mnistLabels(COUNT);
export const split = new MnistSplit(images, labels);
export const rows = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);

export interface DeepCase {
  name: string;
  hiddenSizeList: number[];
  options: MultiLayerNetExtendOptions;
}

export const CASES: DeepCase[] = [
  { name: 'relu, He', hiddenSizeList: [30, 20], options: {} },
  {
    name: 'sigmoid, Xavier',
    hiddenSizeList: [30, 20],
    options: { activation: 'sigmoid', weightInitStd: 'sigmoid' },
  },
  { name: 'weight decay 0.1', hiddenSizeList: [30, 20, 20], options: { weightDecayLambda: 0.1 } },
  { name: 'batch norm', hiddenSizeList: [30, 20], options: { useBatchnorm: true } },
  {
    name: 'dropout 0.3',
    hiddenSizeList: [30, 20],
    options: { useDropout: true, dropoutRatio: 0.3 },
  },
  {
    name: 'sigmoid with batch norm, dropout 0.5 and weight decay 0.01',
    hiddenSizeList: [27, 13, 8],
    options: {
      activation: 'sigmoid',
      weightInitStd: 'sigmoid',
      useBatchnorm: true,
      useDropout: true,
      weightDecayLambda: 0.01,
    },
  },
];

/** The six optimizers at rates that move these small networks visibly in a few steps. */
export const OPTIMIZERS: Record<string, (backend: Backend) => Optimizer> = {
  SGD: (backend) => new SGD(0.1, backend),
  Momentum: (backend) => new Momentum(0.05, 0.9, backend),
  Nesterov: (backend) => new Nesterov(0.05, 0.9, backend),
  AdaGrad: (backend) => new AdaGrad(0.05, backend),
  RMSprop: (backend) => new RMSprop(0.01, 0.99, backend),
  Adam: (backend) => new Adam(0.01, 0.9, 0.999, backend),
};

/**
 * MultiLayerNetExtend when the case asks for dropout or batch norm, else MultiLayerNet, with the
 * weights RandomState(seed) draws and the generator where the drawing left it. Each case's
 * weights are drawn once and handed to every later network of it (a saved model's way in), as
 * the tests build one network per backend and step: the same values, without drawing 24 000
 * normals again each time.
 */
export function buildNet(c: DeepCase, backend: Backend, seed = 4): FullyConnectedNet {
  const key = `${c.name}, seed ${seed}`;
  let start = drawn.get(key);
  if (start === undefined) {
    const net = construct(c, { backend, random: new RandomState(seed) });
    const params = Object.entries(net.params).map(([name, p]) => [name, p.data.slice()]);
    start = { params: Object.fromEntries(params), random: net.random.getState() };
    drawn.set(key, start);
    return net;
  }
  const random = RandomState.fromState(start.random);
  return construct(c, { backend, random, initialParams: start.params });
}

const drawn = new Map<
  string,
  { params: Record<string, Float64Array>; random: RandomStateSnapshot }
>();

function construct(c: DeepCase, options: MultiLayerNetExtendOptions): FullyConnectedNet {
  const all = { ...c.options, ...options };
  return c.options.useBatchnorm || c.options.useDropout
    ? new MultiLayerNetExtend(IMAGE_SIZE, c.hiddenSizeList, 10, all)
    : new MultiLayerNet(IMAGE_SIZE, c.hiddenSizeList, 10, all);
}

/** The book's loop through the layered network: choice, gradient, update; the losses. */
export function trainLayered(
  net: FullyConnectedNet,
  optimizer: Optimizer,
  steps: number,
  batch: number,
): number[] {
  const indices = new Int32Array(batch);
  const t = new Int32Array(batch);
  const x = new Matrix(batch, IMAGE_SIZE, net.backend.allocate(batch * IMAGE_SIZE));
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    // batch_mask = np.random.choice(train_size, batch_size), from the network's np.random
    net.random.fillRandint(indices, 0, COUNT);
    split.gatherImages(x.data, indices);
    split.gatherLabels(t, indices);
    const grads = net.gradient(x, t);
    // The loss gradient() computed, before the update: cross-entropy plus the weight decay
    losses.push(net.lastLayer.loss + net.weightDecay());
    optimizer.update(net.params, grads);
  }
  return losses;
}

/** Every value a network carries between steps: its params, then batch norm's statistics. */
export function stateOf(net: FullyConnectedNet): Record<string, number[]> {
  const state: Record<string, number[]> = {};
  for (const [key, param] of Object.entries(net.params)) state[key] = Array.from(param.data);
  for (const [name, layer] of net.layers) {
    if (!name.startsWith('BatchNorm')) continue;
    const { runningMean, runningVar } = layer as BatchNormalization;
    state[`${name}.runningMean`] = Array.from(runningMean ?? []);
    state[`${name}.runningVar`] = Array.from(runningVar ?? []);
  }
  return state;
}
