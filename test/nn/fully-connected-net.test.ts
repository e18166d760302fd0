import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import { MultiLayerNetExtend } from '../../src/nn/multi-layer-net-extend.js';

describe('MultiLayerNet and MultiLayerNetExtend', () => {
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
