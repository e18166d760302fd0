import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import {
  checkTrainOptions,
  epochIterations,
  hasFusedStep,
  trainConfigFrom,
  type TrainOptions,
} from '../../src/train/config.js';

const MNIST = { train: { count: 60000 }, test: { count: 10000 } };

describe('trainConfigFrom', () => {
  it("fills in ch04/train_neuralnet.py's run when nothing is given, and freezes it", () => {
    const config = trainConfigFrom({}, MNIST);
    expect(config).toEqual({
      iters: 10000,
      batchSize: 100,
      network: {
        class: 'TwoLayerNet',
        inputSize: 784,
        hiddenSizeList: [50],
        outputSize: 10,
        activation: 'sigmoid',
        weightInitStd: 0.01,
        weightDecayLambda: 0,
      },
      optimizer: { class: 'SGD', learningRate: 0.1 },
      grad: 'backprop',
      evalEvery: 600,
      trainSize: 60000,
      testSize: 10000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.network)).toBe(true);
  });

  it("counts --epochs in the book's epochs, max(train size / batch size, 1) iterations", () => {
    // overfit_dropout.py: Trainer(epochs=301) on 300 samples, batches of 100: 903 iterations.
    expect(trainConfigFrom({ epochs: 301, trainSize: 300 }, MNIST).iters).toBe(903);
    expect(trainConfigFrom({ epochs: 2 }, MNIST).iters).toBe(1200);
    // 1000 / 300 = 3.33… iterations an epoch: rounded up to whole iterations, every epoch whole.
    expect(epochIterations(1, 1000, 300)).toBe(4);
    expect(epochIterations(3, 1000, 300)).toBe(10);
    expect(epochIterations(7, 700, 100)).toBe(49);
  });

  const refusals: [string, TrainOptions, string][] = [
    [
      'both --iters and --epochs',
      { iters: 10, epochs: 1 },
      '--iters and --epochs both say how long to train: give one of them',
    ],
    ['0 iterations', { iters: 0 }, '--iters 0: must be a whole number of at least 1'],
    [
      'a fractional epoch count',
      { epochs: 1.5 },
      '--epochs 1.5: must be a whole number of at least 1',
    ],
    ['a batch of 0', { batchSize: 0 }, '--batch-size 0: must be a whole number of at least 1'],
    [
      'a seed beyond 32 bits',
      { seed: 2 ** 32 },
      '--seed 4294967296: must be a whole number from 0 to 4294967295',
    ],
    [
      'an unknown gradient method',
      { grad: 'exact' },
      '--grad exact: not one of backprop, numerical',
    ],
    ['an unknown step', { step: 'fast' }, '--step fast: not one of book, fused'],
    ['an unknown precision', { precision: 'f16' }, '--precision f16: not one of f64, f32'],
    [
      'numerical gradients of a dropout network',
      { grad: 'numerical', hidden: [10, 10], dropout: 0.5 },
      '--grad numerical with --dropout: every loss draws new dropout masks, so central differences would measure the masks, not the slope',
    ],
    [
      'float32 with numerical gradients',
      { precision: 'f32', grad: 'numerical' },
      '--precision f32 is for backprop runs; numerical gradients need float64',
    ],
    [
      "float32 with the book's step",
      { precision: 'f32', step: 'book' },
      "--precision f32 is for the fused step; the book's step runs in float64",
    ],
    [
      'float32 for a network the fused step does not train',
      { precision: 'f32', optimizer: 'adam' },
      "--precision f32 is for the fused step, which trains one hidden layer with SGD only (deeper networks with any optimizer); this run takes the book's step, in float64",
    ],
    [
      'more training samples than there are',
      { trainSize: 70000 },
      '--train-size 70000 is more than the 60000 training samples',
    ],
    [
      'more test samples than there are',
      { testSize: 10001 },
      '--test-size 10001 is more than the 10000 test samples',
    ],
    [
      'a batch larger than the training set',
      { trainSize: 50, batchSize: 100 },
      '--batch-size 100 is larger than the training set (50 samples)',
    ],
    [
      'a bad network option',
      { hidden: [100, 0] },
      '--hidden 100,0: each size must be a whole number of at least 1',
    ],
    [
      'a bad optimizer option',
      { optimizer: 'adam', momentum: 0.9 },
      '--momentum applies to momentum and nesterov, not to adam',
    ],
  ];
  for (const [what, options, message] of refusals) {
    it(`refuses ${what}: "${message}"`, () => {
      expect(() => trainConfigFrom(options, MNIST)).toThrow(ConfigError);
      expect(() => trainConfigFrom(options, MNIST)).toThrow(message);
    });
  }

  it('refuses everything but the sizes before any data is there (checkTrainOptions)', () => {
    expect(() => checkTrainOptions({ iters: 0 })).toThrow('--iters 0');
    expect(() => checkTrainOptions({ trainSize: 70000 })).not.toThrow();
  });
});

describe('hasFusedStep', () => {
  it('is TwoLayerNet with SGD or numerical gradients, and the deeper networks with backprop', () => {
    const fused = (options: TrainOptions) => hasFusedStep(trainConfigFrom(options, MNIST));
    expect(fused({})).toBe(true);
    expect(fused({ optimizer: 'adam' })).toBe(false);
    expect(fused({ optimizer: 'adam', grad: 'numerical' })).toBe(true);
    expect(fused({ hidden: [100, 100] })).toBe(true);
    expect(fused({ hidden: [100, 100], optimizer: 'adam', dropout: 0.5, batchNorm: true })).toBe(
      true,
    );
    expect(fused({ hidden: [10, 10], grad: 'numerical' })).toBe(false);
    expect(trainConfigFrom({ hidden: [100, 100], precision: 'f32' }, MNIST).iters).toBe(10000);
  });
});
