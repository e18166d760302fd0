import { describe, expect, it } from 'vitest';
import { SoftmaxWithLoss } from '../../../src/nn/layers/softmax-with-loss.js';
import { finiteDifference, maxAbsDifference, randomArray } from './finite-difference.js';

describe('SoftmaxWithLoss', () => {
  it('gives the book 4.2.2 cross-entropy when the scores are the log of its probabilities', () => {
    // softmax(log p) = p for probabilities p that sum to 1: the book's "2 is most likely" example.
    const p = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    const scores = Float64Array.from(p, (v) => Math.log(v + 1e-300));
    const layer = new SoftmaxWithLoss(10);
    expect(layer.forward(scores, [2], 1)).toBeCloseTo(0.510825457099338, 12);
    expect(layer.loss).toBeCloseTo(0.510825457099338, 12);
  });

  it('backward (y - t) / batch agrees with finite differences of the loss', () => {
    const layer = new SoftmaxWithLoss(4, undefined, 0);
    const x = randomArray(12, 31, 2);
    const t = [3, 0, 2];
    const loss = () => layer.forward(x, t, 3);
    loss();
    const dx = layer.backward().slice(0, 12);
    expect(maxAbsDifference(dx, finiteDifference(loss, x))).toBeLessThan(1e-9);
  });

  it('each row of dx sums to zero and scales with dout', () => {
    const layer = new SoftmaxWithLoss(3);
    layer.forward(Float64Array.from([1, 2, 3, -1, 0, 1]), [0, 2], 2);
    const dx = layer.backward(2).slice(0, 6);
    expect(dx[0] + dx[1] + dx[2]).toBeCloseTo(0, 15);
    expect(dx[0]).toBeCloseTo(((layer.output[0] - 1) / 2) * 2, 15);
  });
});
