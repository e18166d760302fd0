import { describe, expect, it } from 'vitest';
import { networkLabel, optimizerLabel } from '../../src/report/network-label.js';

const sizes = { inputSize: 784, outputSize: 10, weightDecayLambda: 0 } as const;

describe('networkLabel', () => {
  it('names the class, the sizes input to output, the activation and the chapter-6 options', () => {
    expect(
      networkLabel({
        ...sizes,
        class: 'TwoLayerNet',
        hiddenSizeList: [50],
        activation: 'sigmoid',
        weightInitStd: 0.01,
      }),
    ).toBe('TwoLayerNet 784-50-10 sigmoid');
    expect(
      networkLabel({
        ...sizes,
        class: 'MultiLayerNet',
        hiddenSizeList: [100, 50],
        activation: 'relu',
        weightInitStd: 0.05,
      }),
    ).toBe('MultiLayerNet 784-100-50-10 relu std 0.05');
    expect(
      networkLabel({
        ...sizes,
        class: 'MultiLayerNetExtend',
        hiddenSizeList: [60, 40, 20],
        activation: 'sigmoid',
        weightInitStd: 'sigmoid',
        useDropout: true,
        dropoutRatio: 0.5,
        useBatchnorm: false,
      }),
    ).toBe('MultiLayerNetExtend 784-60-40-20-10 sigmoid Xavier, dropout 0.5');
  });
});

describe('optimizerLabel', () => {
  it('gives the learning rate, and the momentum where there is one', () => {
    expect(optimizerLabel({ class: 'Adam', learningRate: 0.001 })).toBe('Adam lr 0.001');
    expect(optimizerLabel({ class: 'Nesterov', learningRate: 0.01, momentum: 0.5 })).toBe(
      'Nesterov lr 0.01 momentum 0.5',
    );
  });
});
