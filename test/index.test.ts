import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';

describe('the library entry point', () => {
  it("gives the book's functions under the book's names", () => {
    const t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    const y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    expect(library.sumSquaresError(y, t)).toBe(0.09750000000000003);
    expect(library.crossEntropyError(y, t)).toBe(0.510825457099338);
    expect(library.numericalDiff((x) => 0.01 * x ** 2 + 0.1 * x, 5)).toBe(0.1999999999990898);
  });

  it('builds a TwoLayerNet whose backprop agrees with its numerical gradient', () => {
    const net = new library.TwoLayerNet(4, 3, 2, 0.5, { random: new library.RandomState(0) });
    const x = library.Matrix.fromArrays([
      [0.1, 0.5, 0.0, 0.9],
      [0.3, 0.0, 0.7, 0.2],
    ]);
    const t = Int32Array.from([0, 1]);
    const analytic = net.gradient(x, t);
    const numerical = net.numericalGradient(x, t);
    for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
      const a = analytic[name].data;
      const n = numerical[name].data;
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - n[i])).toBeLessThan(1e-6);
    }
  });

  it("builds chapter 6's networks and optimizers: a MultiLayerNetExtend with batch norm learns", () => {
    const random = new library.RandomState(0);
    const net = new library.MultiLayerNetExtend(4, [6, 6], 2, {
      useBatchnorm: true,
      useDropout: true,
      dropoutRatio: 0.2,
      weightDecayLambda: 0.01,
      random,
    });
    expect(net.layers.get('BatchNorm1')).toBeInstanceOf(library.BatchNormalization);
    expect(net.layers.get('Dropout2')).toBeInstanceOf(library.Dropout);
    const x = library.Matrix.fromArrays([
      [0.1, 0.5, 0.0, 0.9],
      [0.3, 0.0, 0.7, 0.2],
      [0.8, 0.1, 0.1, 0.4],
      [0.0, 0.9, 0.6, 0.1],
    ]);
    const t = Int32Array.from([0, 1, 0, 1]);
    const before = net.loss(x, t, true);
    const optimizer: library.Optimizer = new library.Adam(0.01);
    for (let step = 0; step < 200; step++) optimizer.update(net.params, net.gradient(x, t));
    expect(net.loss(x, t, true)).toBeLessThan(before / 2);
    expect(net.accuracy(x, t)).toBe(1);
  });
});
