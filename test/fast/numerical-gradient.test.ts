import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { NUMERICAL_H } from '../../src/nn/numerical.js';
import type { Activation } from '../../src/nn/shape.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { FastNumericalGradient } from '../../src/fast/numerical-gradient.js';
import { mnistImages } from '../core/kernels/cases.js';

const COUNT = 60;
const images = mnistImages(COUNT);
const labels = Uint8Array.from({ length: COUNT }, (_, i) => (i * 3) % 10);
const split = new MnistSplit(images, labels);
const rows = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);

describe('FastNumericalGradient', () => {
  for (const activation of ['sigmoid', 'relu'] as Activation[]) {
    it(`equals TwoLayerNet.numericalGradient bit for bit (${activation})`, async () => {
      const hidden = 6;
      const batch = 7;
      const net = new TwoLayerNet(IMAGE_SIZE, hidden, 10, 0.5, {
        random: new RandomState(11),
        activation,
      });
      const indices = Int32Array.from({ length: batch }, (_, i) => (i * 17 + 3) % COUNT);
      const t = new Int32Array(batch);
      split.gatherLabels(t, indices);
      const x = new Matrix(batch, IMAGE_SIZE);
      split.gatherImages(x.data, indices);
      const expected = net.numericalGradient(x, t);
      const expectedLoss = net.loss(x, t);

      const fast = new FastNumericalGradient(net.shape, net.lastLayer.delta, batch);
      const params = {
        W1: net.params.W1.data,
        b1: net.params.b1.data,
        W2: net.params.W2.data,
        b2: net.params.b2.data,
      };
      const before = params.W1.slice();
      const loss = await fast.gradient(params, rows, indices, t, batch, NUMERICAL_H);
      expect(loss).toBe(expectedLoss);
      expect(Array.from(params.W1)).toEqual(Array.from(before));
      for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
        expect(Array.from(fast.grads[name]), name).toEqual(Array.from(expected[name].data));
      }
      expect(fast.grads.W1.some((g) => g !== 0)).toBe(true);
    });
  }

  it('stops when its pause says so, every parameter as it was', async () => {
    const net = new TwoLayerNet(IMAGE_SIZE, 4, 10, 0.5, { random: new RandomState(2) });
    const fast = new FastNumericalGradient(net.shape, 1e-7, 5);
    const params = {
      W1: net.params.W1.data,
      b1: net.params.b1.data,
      W2: net.params.W2.data,
      b2: net.params.b2.data,
    };
    const before = Object.values(params).map((p) => Array.from(p));
    let pauses = 0;
    const indices = Int32Array.of(0, 1, 2, 3, 4);
    const loss = await fast.gradient(params, rows, indices, labels, 5, NUMERICAL_H, () =>
      Promise.resolve(++pauses < 300),
    );
    expect(loss).toBeUndefined();
    expect(pauses).toBe(300);
    expect(Object.values(params).map((p) => Array.from(p))).toEqual(before);
  });
});
