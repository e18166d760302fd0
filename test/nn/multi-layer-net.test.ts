import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import { describeAgainstBook } from './book-networks.js';
import { expectBackpropMatchesNumerical, smallBatch } from './network-checks.js';

describeAgainstBook(false);

describe('MultiLayerNet', () => {
  it("names its layers as the book's OrderedDict: Affine and ActivationFunction, then Affine", () => {
    const net = new MultiLayerNet(3, [4, 5], 2);
    expect([...net.layers.keys()]).toEqual([
      'Affine1',
      'ActivationFunction1',
      'Affine2',
      'ActivationFunction2',
      'Affine3',
    ]);
    expect(Object.keys(net.params)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
  });

  it('adds 0.5·λ·Σ‖W‖² over every weight matrix to the loss, and λ·W to each weight gradient', () => {
    const { x, t } = smallBatch(5, 3, 1);
    const plain = new MultiLayerNet(3, [4, 5], 4, { random: new RandomState(9) });
    const decayed = new MultiLayerNet(3, [4, 5], 4, {
      random: new RandomState(9),
      weightDecayLambda: 0.1,
    });
    let squares = 0;
    for (const key of ['W1', 'W2', 'W3']) for (const w of plain.params[key].data) squares += w * w;
    expect(decayed.loss(x, t) - plain.loss(x, t)).toBeCloseTo(0.5 * 0.1 * squares, 14);
    const plainGrads = plain.gradient(x, t);
    const decayedGrads = decayed.gradient(x, t);
    for (const key of ['W1', 'W2', 'W3']) {
      const W = plain.params[key].data;
      const expected = plainGrads[key].data.map((dW, i) => dW + 0.1 * W[i]);
      expect(Array.from(decayedGrads[key].data), key).toEqual(Array.from(expected));
    }
    expect(Array.from(decayedGrads.b2.data)).toEqual(Array.from(plainGrads.b2.data));
  });

  for (const activation of ['relu', 'sigmoid'] as const) {
    it(`${activation}, weight decay: backprop agrees with the numerical gradient`, () => {
      const { x, t } = smallBatch(6, 3, 2);
      const net = new MultiLayerNet(3, [5, 4], 4, {
        activation,
        weightDecayLambda: 0.3,
        random: new RandomState(3),
        crossEntropyDelta: 0,
      });
      // Central differences with h = 1e-4 carry a truncation error h²·f'''/6 (largest seen:
      // 6.3e-10) and a rounding error ε·|f|/h (about 3e-12); 1e-8 leaves a margin over both.
      expectBackpropMatchesNumerical(net, x, t, 1e-8);
    });
  }
});
