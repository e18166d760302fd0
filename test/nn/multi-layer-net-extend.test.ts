import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';
import { BatchNormalization } from '../../src/nn/layers/batch-normalization.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { MultiLayerNetExtend } from '../../src/nn/multi-layer-net-extend.js';
import { describeAgainstBook } from './book-networks.js';
import { expectBackpropMatchesNumerical, smallBatch } from './network-checks.js';

describeAgainstBook(true);

describe('MultiLayerNetExtend', () => {
  it("builds Affine -> BatchNorm -> ActivationFunction -> Dropout per hidden layer, as the book's", () => {
    const net = new MultiLayerNetExtend(3, [4, 5], 2, { useDropout: true, useBatchnorm: true });
    expect([...net.layers.keys()]).toEqual([
      'Affine1',
      'BatchNorm1',
      'ActivationFunction1',
      'Dropout1',
      'Affine2',
      'BatchNorm2',
      'ActivationFunction2',
      'Dropout2',
      'Affine3',
    ]);
    // The book's params dict: the weights first, then γ (ones) and β (zeros) per BatchNorm.
    expect(Object.keys(net.params)).toEqual([
      'W1',
      'b1',
      'W2',
      'b2',
      'W3',
      'b3',
      'gamma1',
      'beta1',
      'gamma2',
      'beta2',
    ]);
    expect(Array.from(net.params.gamma2.data)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(net.params.beta2.data)).toEqual([0, 0, 0, 0, 0]);
    expect((net.layers.get('Dropout1') as Dropout).dropoutRatio).toBe(0.5);
  });

  // ch06/batch_norm_gradient_check.py, on a batch of six rather than one (see below).
  for (const activation of ['relu', 'sigmoid'] as const) {
    it(`${activation}, batch norm, weight decay: backprop agrees with the numerical gradient`, () => {
      const { x, t } = smallBatch(6, 3, 4);
      const net = new MultiLayerNetExtend(3, [5, 4], 4, {
        activation,
        weightDecayLambda: 0.1,
        useBatchnorm: true,
        random: new RandomState(5),
        crossEntropyDelta: 0,
      });
      // Central differences with h = 1e-4 carry a truncation error h²·f'''/6 (largest seen:
      // 1.5e-9, batch normalization curving the loss more) and a rounding error ε·|f|/h (about
      // 3e-12); 1e-8 leaves a margin over both.
      expectBackpropMatchesNumerical(net, x, t, 1e-8);
    });
  }

  it('with a batch of one, as ch06/batch_norm_gradient_check.py checks it, only the last bias learns', () => {
    // A single sample is its own batch mean: xc = 0, so BatchNorm outputs β = 0 whatever the
    // input, ReLU passes no gradient at 0, and the next layers see zeros in turn. The book's
    // check compares gradients that are all zero but the output layer's bias.
    const { x, t } = smallBatch(1, 3, 6);
    const net = new MultiLayerNetExtend(3, [5, 4], 4, { useBatchnorm: true });
    const grads = net.gradient(x, t);
    for (const [key, grad] of Object.entries(grads)) {
      const largest = Math.max(...grad.data.map(Math.abs));
      if (key === 'b3') expect(largest, key).toBeGreaterThan(0.1);
      else expect(largest, key).toBe(0);
    }
  });

  it('draws Dropout masks in training passes only; test mode uses running statistics', () => {
    const { x, t } = smallBatch(4, 3, 7);
    const random = new RandomState(8);
    const net = new MultiLayerNetExtend(3, [5], 4, {
      useDropout: true,
      useBatchnorm: true,
      random,
    });
    const batchNorm = net.layers.get('BatchNorm1') as BatchNormalization;
    const reference = new RandomState(8);
    reference.randn(3 * 5 + 5 * 4);
    net.accuracy(x, t);
    net.predict(x);
    // Test mode drew nothing and made the running statistics (zeros) without moving them.
    expect(Array.from(batchNorm.runningMean ?? [])).toEqual([0, 0, 0, 0, 0]);
    net.loss(x, t, true);
    expect(Array.from((net.layers.get('Dropout1') as Dropout).mask)).toEqual(
      Array.from(reference.rand(4 * 5), (u) => (u > 0.5 ? 1 : 0)),
    );
    expect(batchNorm.runningMean?.some((m) => m !== 0)).toBe(true);
  });

  it('refuses a dropout ratio outside [0, 1)', () => {
    expect(() => new MultiLayerNetExtend(3, [4], 2, { useDropout: true, dropoutRatio: 1 })).toThrow(
      RangeError,
    );
  });
});
