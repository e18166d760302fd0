import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { weightScale } from '../../src/nn/fully-connected-net.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import { MultiLayerNetExtend } from '../../src/nn/multi-layer-net-extend.js';

describe('weightScale', () => {
  it("is He's √(2/n) for relu and he, Xavier's √(1/n) for sigmoid and xavier, else the number", () => {
    expect(weightScale('relu', 784)).toBe(Math.sqrt(2 / 784));
    expect(weightScale('he', 100)).toBe(Math.sqrt(0.02));
    expect(weightScale('sigmoid', 784)).toBe(Math.sqrt(1 / 784));
    expect(weightScale('xavier', 4)).toBe(0.5);
    expect(weightScale(0.01, 784)).toBe(0.01);
    expect(() => weightScale(NaN, 4)).toThrow(RangeError);
    expect(() => weightScale('lecun' as 'he', 4)).toThrow(RangeError);
  });
});

describe('MultiLayerNet and MultiLayerNetExtend', () => {
  it("scale each weight matrix by its own fan-in, drawn W1 first (the book's __init_weight)", () => {
    const net = new MultiLayerNet(4, [9], 3, { random: new RandomState(1) });
    const draws = new RandomState(1);
    const W1 = draws.randn(4 * 9).map((v) => Math.sqrt(2 / 4) * v);
    const W2 = draws.randn(9 * 3).map((v) => Math.sqrt(2 / 9) * v);
    expect(Array.from(net.params.W1.data)).toEqual(Array.from(W1));
    expect(Array.from(net.params.W2.data)).toEqual(Array.from(W2));
  });

  it('count two loss evaluations per parameter for the numerical gradient', () => {
    const net = new MultiLayerNetExtend(4, [3], 2, { useBatchnorm: true });
    // W1 12, b1 3, W2 6, b2 2, gamma1 3, beta1 3
    expect(net.numericalEvaluations).toBe(2 * 29);
  });

  it('reuse their buffers for batches no larger than the largest seen', () => {
    const net = new MultiLayerNetExtend(2, [3], 2, { useBatchnorm: true, useDropout: true });
    net.reserve(8);
    const first = net.forwardScores(new Float64Array(16), 8, true);
    const second = net.forwardScores(new Float64Array(4), 2, false);
    expect(second).toBe(first);
  });

  it('refuse sizes, a weight decay and inputs that do not fit', () => {
    expect(() => new MultiLayerNet(0, [3], 2)).toThrow(RangeError);
    expect(() => new MultiLayerNet(4, [3, 2.5], 2)).toThrow(RangeError);
    expect(() => new MultiLayerNet(4, [3], 2, { weightDecayLambda: -1 })).toThrow(RangeError);
    const net = new MultiLayerNet(4, [3], 2);
    expect(() => net.predict(Matrix.zeros(1, 5))).toThrow(RangeError);
    expect(() => net.loss(Matrix.zeros(2, 4), [0])).toThrow(RangeError);
  });
});
