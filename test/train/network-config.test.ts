import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { networkSpecFrom, type NetworkOptions } from '../../src/train/network-config.js';

describe('networkSpecFrom', () => {
  it("one hidden size is chapter 4's TwoLayerNet with its defaults: sigmoid, std 0.01", () => {
    expect(networkSpecFrom({})).toEqual({
      class: 'TwoLayerNet',
      inputSize: 784,
      hiddenSizeList: [50],
      outputSize: 10,
      activation: 'sigmoid',
      weightInitStd: 0.01,
      weightDecayLambda: 0,
    });
    expect(
      networkSpecFrom({ hidden: [100], activation: 'relu', weightInitStd: 0.05 }),
    ).toMatchObject({
      class: 'TwoLayerNet',
      hiddenSizeList: [100],
      activation: 'relu',
      weightInitStd: 0.05,
    });
  });

  it("two or more are the book's MultiLayerNet with its defaults: relu, He, no weight decay", () => {
    expect(networkSpecFrom({ hidden: [100, 100, 100, 100] })).toEqual({
      class: 'MultiLayerNet',
      inputSize: 784,
      hiddenSizeList: [100, 100, 100, 100],
      outputSize: 10,
      activation: 'relu',
      weightInitStd: 'he',
      weightDecayLambda: 0,
    });
    // The book's default weight_init_std is 'relu' whatever the activation.
    expect(networkSpecFrom({ hidden: [50, 50], activation: 'sigmoid' })).toMatchObject({
      activation: 'sigmoid',
      weightInitStd: 'he',
    });
  });

  it('builds MultiLayerNetExtend only for dropout or batch norm', () => {
    const six = [100, 100, 100, 100, 100, 100];
    expect(networkSpecFrom({ hidden: six, weightDecay: 0.1 })).toMatchObject({
      class: 'MultiLayerNet',
      weightDecayLambda: 0.1,
    });
    expect(networkSpecFrom({ hidden: six, dropout: 0.2 })).toMatchObject({
      class: 'MultiLayerNetExtend',
      useDropout: true,
      dropoutRatio: 0.2,
      useBatchnorm: false,
    });
    // Without dropout the book's constructor keeps its default ratio, unused.
    expect(networkSpecFrom({ hidden: [10, 10], batchNorm: true })).toMatchObject({
      class: 'MultiLayerNetExtend',
      useDropout: false,
      dropoutRatio: 0.5,
      useBatchnorm: true,
    });
  });

  it('reads --weight-init as the book names the scales, std meaning --weight-init-std', () => {
    const init = (options: NetworkOptions) =>
      networkSpecFrom({ hidden: [20, 20], ...options }).weightInitStd;
    expect(init({ weightInit: 'he' })).toBe('he');
    expect(init({ weightInit: 'xavier' })).toBe('xavier');
    expect(init({ weightInit: 'std' })).toBe(0.01);
    expect(init({ weightInit: 'std', weightInitStd: 0.05 })).toBe(0.05);
    expect(init({ weightInitStd: 1 })).toBe(1);
  });

  const refusals: [string, NetworkOptions, string][] = [
    ['an empty list', { hidden: [] }, '--hidden needs at least one size'],
    [
      'a size of 0',
      { hidden: [0, 100] },
      '--hidden 0,100: each size must be a whole number of at least 1',
    ],
    [
      'a fractional size',
      { hidden: [100, 1.5] },
      '--hidden 100,1.5: each size must be a whole number of at least 1',
    ],
    [
      'more than 20 layers',
      { hidden: Array.from({ length: 21 }, () => 10) },
      '--hidden gives 21 sizes: at most 20 hidden layers',
    ],
    [
      'an unknown activation',
      { activation: 'tanh' },
      '--activation tanh: not one of sigmoid, relu',
    ],
    [
      'an unknown weight scale',
      { hidden: [10, 10], weightInit: 'glorot' },
      '--weight-init glorot: not one of std, xavier, he',
    ],
    ['a std of 0', { weightInitStd: 0 }, '--weight-init-std 0: must be a number greater than 0'],
    [
      'a std beside a named scale',
      { hidden: [10, 10], weightInit: 'he', weightInitStd: 0.1 },
      '--weight-init-std goes with --weight-init std, not with --weight-init he',
    ],
    [
      'a negative λ',
      { hidden: [10, 10], weightDecay: -0.1 },
      '--weight-decay -0.1: λ must be a number of at least 0',
    ],
    [
      'a dropout ratio of 1',
      { hidden: [10, 10], dropout: 1 },
      '--dropout 1: the ratio must be at least 0 and below 1',
    ],
    [
      'a negative dropout ratio',
      { hidden: [10, 10], dropout: -0.2 },
      '--dropout -0.2: the ratio must be at least 0 and below 1',
    ],
    [
      'batch norm with one hidden size',
      { hidden: [100], batchNorm: true },
      "--batch-norm needs two or more hidden sizes (e.g. --hidden 100,100): one size is chapter 4's TwoLayerNet, which has no such option",
    ],
    [
      'dropout with the default single size',
      { dropout: 0.5 },
      "--dropout needs two or more hidden sizes (e.g. --hidden 100,100): one size is chapter 4's TwoLayerNet, which has no such option",
    ],
    [
      'weight decay with one size',
      { weightDecay: 0 },
      "--weight-decay needs two or more hidden sizes (e.g. --hidden 100,100): one size is chapter 4's TwoLayerNet, which has no such option",
    ],
    [
      'He with one size',
      { weightInit: 'he' },
      "--weight-init he needs two or more hidden sizes (e.g. --hidden 100,100): one size is chapter 4's TwoLayerNet, which has no such option",
    ],
  ];
  for (const [what, options, message] of refusals) {
    it(`refuses ${what}: "${message}"`, () => {
      expect(() => networkSpecFrom(options)).toThrow(ConfigError);
      expect(() => networkSpecFrom(options)).toThrow(message);
    });
  }
});
