import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import type { Activation } from '../../src/nn/shape.js';
import { PARAM_NAMES, TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { randomArray } from './layers/finite-difference.js';

interface BookDraws {
  seed: number;
  book: { W1_first: number[]; W1_last: number[]; W1_sum: number; W2: number[] };
}
const numpyDraws = JSON.parse(
  readFileSync(new URL('../fixtures/random/numpy-random.json', import.meta.url), 'utf8'),
) as { cases: BookDraws[] };

function tinyBatch(rows: number, inputSize: number, seed: number) {
  // Pixel-like inputs in [0, 1] with some exact zeros, as MNIST has.
  const x = randomArray(rows * inputSize, seed).map((v) => (v < -0.3 ? 0 : (v + 1) / 2));
  const t = Array.from({ length: rows }, (_, i) => (i * 7 + seed) % 3);
  return { x: new Matrix(rows, inputSize, x), t };
}

describe('TwoLayerNet', () => {
  it("draws W1 then W2 as numpy's 0.01 * randn after np.random.seed, biases zero", () => {
    for (const { seed, book } of numpyDraws.cases) {
      const net = new TwoLayerNet(784, 50, 10, 0.01, { random: new RandomState(seed) });
      const w1 = net.params.W1.data;
      expect(Array.from(w1.subarray(0, 20))).toEqual(book.W1_first.map((v) => 0.01 * v));
      expect(Array.from(w1.subarray(w1.length - 20))).toEqual(book.W1_last.map((v) => 0.01 * v));
      expect(Array.from(net.params.W2.data)).toEqual(book.W2.map((v) => 0.01 * v));
      expect(net.params.b1.data.every((v) => v === 0)).toBe(true);
      expect(net.params.b2.data.every((v) => v === 0)).toBe(true);
    }
  });

  it('starts near chance: the loss of a fresh network is about ln 10', () => {
    const net = new TwoLayerNet(6, 4, 10, 0.01, { random: new RandomState(1) });
    const { x, t } = tinyBatch(5, 6, 1);
    expect(Math.abs(net.loss(x, t) - Math.log(10))).toBeLessThan(0.01);
  });

  for (const activation of ['sigmoid', 'relu'] as Activation[]) {
    it(`${activation}: backprop gradients agree with the numerical gradient (book 5.7.3)`, () => {
      const net = new TwoLayerNet(6, 5, 3, 0.5, {
        activation,
        random: new RandomState(7),
        crossEntropyDelta: 0,
      });
      const { x, t } = tinyBatch(4, 6, 2);
      const numerical = net.numericalGradient(x, t);
      const numericalCopies = PARAM_NAMES.map((name) => numerical[name].data.slice());
      const backprop = net.gradient(x, t);
      PARAM_NAMES.forEach((name, k) => {
        const analytic = backprop[name].data;
        numericalCopies[k].forEach((value, i) => {
          expect(Math.abs(analytic[i] - value)).toBeLessThan(1e-8);
        });
      });
    });
  }

  it('numericalGradient leaves the parameters exactly as they were', () => {
    const net = new TwoLayerNet(4, 3, 2, 0.1, { random: new RandomState(3) });
    const before = PARAM_NAMES.map((name) => net.params[name].data.slice());
    const { x, t } = tinyBatch(2, 4, 3);
    net.numericalGradient(x, t);
    PARAM_NAMES.forEach((name, k) => {
      expect(Array.from(net.params[name].data)).toEqual(Array.from(before[k]));
    });
    expect(net.numericalEvaluations).toBe(2 * (4 * 3 + 3 + 3 * 2 + 2));
  });

  it('predict, accuracy and loss agree with a direct computation of the formulas', () => {
    const net = new TwoLayerNet(3, 2, 2, 1, { random: new RandomState(5) });
    const x = Matrix.fromArrays([
      [0.5, 0, 1],
      [0, 0.25, 0.75],
    ]);
    const [W1, b1, W2, b2] = PARAM_NAMES.map((name) => net.params[name]);
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = x.toArrays().map((row) => {
      const z = [0, 1].map((j) =>
        sigmoid(row.reduce((s, v, i) => s + v * W1.get(i, j), 0) + b1.data[j]),
      );
      return [0, 1].map((k) => z.reduce((s, v, j) => s + v * W2.get(j, k), 0) + b2.data[k]);
    });
    const scores = net.predict(x).toArrays();
    scores.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k], 14)));
    const labels = expected.map((row) => (row[1] > row[0] ? 1 : 0));
    expect(net.accuracy(x, labels)).toBe(1);
    expect(net.accuracy(x, [1 - labels[0], labels[1]])).toBe(0.5);
    const lossOf = (row: number[], label: number) =>
      -Math.log(Math.exp(row[label]) / (Math.exp(row[0]) + Math.exp(row[1])) + 1e-7);
    expect(net.loss(x, labels)).toBeCloseTo(
      (lossOf(expected[0], labels[0]) + lossOf(expected[1], labels[1])) / 2,
      12,
    );
  });

  it('starts from given parameters and refuses ones of the wrong size', () => {
    const initialParams = {
      W1: Float64Array.from([1, 2, 3, 4]),
      b1: Float64Array.from([5, 6]),
      W2: Float64Array.from([7, 8]),
      b2: Float64Array.from([9]),
    };
    const net = new TwoLayerNet(2, 2, 1, 0.01, { initialParams });
    expect(Array.from(net.params.W1.data)).toEqual([1, 2, 3, 4]);
    expect(() => new TwoLayerNet(2, 3, 1, 0.01, { initialParams })).toThrow(
      /W1 has 4 values, expected 6/,
    );
  });

  it('refuses inputs of the wrong width and too few labels', () => {
    const net = new TwoLayerNet(3, 2, 2);
    expect(() => net.loss(Matrix.zeros(1, 4), [0])).toThrow(RangeError);
    expect(() => net.loss(Matrix.zeros(2, 3), [0])).toThrow(RangeError);
    expect(() => new TwoLayerNet(3, 0, 2)).toThrow(RangeError);
  });
});
