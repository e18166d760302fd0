// What a training run is: the network (network-config.ts), the optimizer (optimizer-config.ts),
// the book's loop settings (ch04/train_neuralnet.py) and how much of MNIST it uses. The options
// come from the command line or a library caller as plain values; trainConfigFrom checks their
// meaning and their combinations, with the messages nn-train prints, fills in the book's
// defaults and freezes the result. The trainer only reads it.

import { ConfigError } from '../core/errors.js';
import { PRECISIONS, type Precision } from '../fast/precision.js';
import type { NetworkSpec } from '../nn/network.js';
import { networkSpecFrom, TWO_LAYER_DEFAULTS, type NetworkOptions } from './network-config.js';
import {
  optimizerSpecFrom,
  type OptimizerOptions,
  type OptimizerSpec,
} from './optimizer-config.js';

export type GradMode = 'backprop' | 'numerical';
export const GRAD_MODES: readonly GradMode[] = ['backprop', 'numerical'];

/** The two ways to take a step (src/train/steps.ts). */
export type StepKind = 'book' | 'fused';
export const STEP_KINDS: readonly StepKind[] = ['book', 'fused'];

export interface TrainConfig {
  readonly iters: number;
  readonly batchSize: number;
  readonly network: NetworkSpec;
  readonly optimizer: OptimizerSpec;
  readonly grad: GradMode;
  /** Evaluate when iteration index % evalEvery === 0 (after that iteration's update). */
  readonly evalEvery: number;
  /** Samples used: the first trainSize training and testSize test images. */
  readonly trainSize: number;
  readonly testSize: number;
}

export const TRAIN_DEFAULTS = Object.freeze({
  iters: 10000,
  batchSize: 100,
  ...TWO_LAYER_DEFAULTS,
  grad: 'backprop' as GradMode,
  step: 'fused' as StepKind,
  precision: 'f64' as Precision,
});

/** A run as asked for: every field optional (the book's default), values not yet checked. */
export interface TrainOptions extends NetworkOptions, OptimizerOptions {
  iters?: number;
  /** Epochs of max(train size / batch size, 1) iterations each, instead of iters. */
  epochs?: number;
  batchSize?: number;
  grad?: string;
  evalEvery?: number;
  trainSize?: number;
  testSize?: number;
  step?: string;
  precision?: string;
  /** np.random.seed(seed): 0 to 2^32 - 1. */
  seed?: number;
}

/** How many samples the data set has: a Dataset fits. */
export interface DatasetSizes {
  readonly train: { readonly count: number };
  readonly test: { readonly count: number };
}

/** What checkTrainOptions finds the options to ask for, defaults filled in. */
export interface CheckedOptions {
  network: NetworkSpec;
  optimizer: OptimizerSpec;
  grad: GradMode;
  step: StepKind;
  precision: Precision;
}

/**
 * Everything that can be checked without the data: each value's meaning and every combination.
 * Returns what the options ask for, the book's defaults filled in.
 */
export function checkTrainOptions(options: TrainOptions): CheckedOptions {
  for (const flag of [
    'iters',
    'epochs',
    'batchSize',
    'evalEvery',
    'trainSize',
    'testSize',
  ] as const) {
    checkCount(flag, options[flag]);
  }
  if (options.iters !== undefined && options.epochs !== undefined) {
    throw new ConfigError('--iters and --epochs both say how long to train: give one of them');
  }
  const { seed } = options;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new ConfigError(`--seed ${seed}: must be a whole number from 0 to ${2 ** 32 - 1}`);
  }
  const grad = oneOf('--grad', options.grad, GRAD_MODES) ?? TRAIN_DEFAULTS.grad;
  const step = oneOf('--step', options.step, STEP_KINDS) ?? TRAIN_DEFAULTS.step;
  const precision = oneOf('--precision', options.precision, PRECISIONS) ?? TRAIN_DEFAULTS.precision;
  const network = networkSpecFrom(options);
  const optimizer = optimizerSpecFrom(options);
  if (grad === 'numerical' && network.useDropout === true) {
    throw new ConfigError(
      '--grad numerical with --dropout: every loss draws new dropout masks, so central ' +
        'differences would measure the masks, not the slope',
    );
  }
  if (precision === 'f32') {
    if (grad === 'numerical') {
      throw new ConfigError(
        '--precision f32 is for backprop runs; numerical gradients need float64',
      );
    }
    if (step === 'book') {
      throw new ConfigError(
        "--precision f32 is for the fused step; the book's step runs in float64",
      );
    }
    if (!hasFusedStep({ network, optimizer, grad })) {
      throw new ConfigError(
        '--precision f32 is for the fused step, which trains one hidden layer with SGD only ' +
          "(deeper networks with any optimizer); this run takes the book's step, in float64",
      );
    }
  }
  return { network, optimizer, grad, step, precision };
}

/** The run's configuration, checked against the data and frozen; ConfigError when it cannot be. */
export function trainConfigFrom(options: TrainOptions, dataset: DatasetSizes): TrainConfig {
  const { network, optimizer, grad } = checkTrainOptions(options);
  const fault =
    sizeFault('--train-size', options.trainSize, dataset.train.count, 'training samples') ??
    sizeFault('--test-size', options.testSize, dataset.test.count, 'test samples');
  if (fault) throw new ConfigError(fault);
  const trainSize = options.trainSize ?? dataset.train.count;
  const batchSize = options.batchSize ?? TRAIN_DEFAULTS.batchSize;
  if (batchSize > trainSize) {
    throw new ConfigError(
      `--batch-size ${batchSize} is larger than the training set (${trainSize} samples)`,
    );
  }
  const evalEvery = bookEvalEvery(trainSize, batchSize);
  return Object.freeze({
    iters:
      options.epochs === undefined
        ? (options.iters ?? TRAIN_DEFAULTS.iters)
        : epochIterations(options.epochs, trainSize, batchSize),
    batchSize,
    network: Object.freeze(network),
    optimizer: Object.freeze(optimizer),
    grad,
    evalEvery: options.evalEvery ?? evalEvery,
    trainSize,
    testSize: options.testSize ?? dataset.test.count,
  });
}

/**
 * Iterations of `epochs` book epochs: epochs · max(train size / batch size, 1), rounded up to a
 * whole iteration so that every epoch is complete. (The book's Trainer rounds down, with
 * int(epochs * iter_per_epoch); the two agree whenever the batch size divides the training set.)
 */
export function epochIterations(epochs: number, trainSize: number, batchSize: number): number {
  // In integers: epochs · trainSize is exact, and a quotient that is not whole cannot round to
  // a whole number at these magnitudes, so the ceiling is the true one.
  return Math.max(Math.ceil((epochs * trainSize) / batchSize), epochs);
}

/**
 * Whether the fused step (src/fast/) trains this run: TwoLayerNet with SGD (its fused update) or
 * with numerical gradients (any optimizer then updates the network's own parameters), and
 * MultiLayerNet(Extend) with backprop, whatever its optimizer, weight decay, dropout or batch norm.
 */
export function hasFusedStep(
  config: Pick<TrainConfig, 'network' | 'optimizer'> & { grad?: string },
): boolean {
  const { network, optimizer, grad } = config;
  if (network.class !== 'TwoLayerNet') return grad !== 'numerical';
  return optimizer.class === 'SGD' || grad === 'numerical';
}

/**
 * The book's epoch: iter_per_epoch = max(train_size / batch_size, 1). It stays a float, as in
 * Python, so with 1000 samples and batches of 300 only iteration 0 is a multiple of 3.33…
 */
export function bookEvalEvery(trainSize: number, batchSize: number): number {
  return Math.max(trainSize / batchSize, 1);
}

/** Whether the book's loop evaluates after iteration i (Python's i % iter_per_epoch == 0). */
export function isEvaluationIteration(i: number, evalEvery: number): boolean {
  // For positive operands JavaScript's % and Python's float % are the same exact fmod.
  return i % evalEvery === 0;
}

const FLAGS = {
  iters: '--iters',
  epochs: '--epochs',
  batchSize: '--batch-size',
  evalEvery: '--eval-every',
  trainSize: '--train-size',
  testSize: '--test-size',
} as const;

function checkCount(option: keyof typeof FLAGS, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
    throw new ConfigError(`${FLAGS[option]} ${value}: must be a whole number of at least 1`);
  }
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) {
    throw new ConfigError(`${flag} ${value}: not one of ${allowed.join(', ')}`);
  }
  return value as T | undefined;
}

function sizeFault(option: string, asked: number | undefined, available: number, what: string) {
  if (asked !== undefined && asked > available) {
    return `${option} ${asked} is more than the ${available} ${what}`;
  }
  return undefined;
}
