import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import { MultiLayerNetExtend } from '../../src/nn/multi-layer-net-extend.js';
import {
  batchNormLayers,
  buildNetwork,
  hasDropout,
  reluLayers,
  type NetworkSpec,
} from '../../src/nn/network.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';

const base = { inputSize: 6, outputSize: 3, weightDecayLambda: 0 } as const;

describe('buildNetwork', () => {
  it("calls the book's constructor the spec describes, drawing the same weights", () => {
    const two = buildNetwork(
      {
        ...base,
        class: 'TwoLayerNet',
        hiddenSizeList: [4],
        activation: 'relu',
        weightInitStd: 0.5,
      },
      { random: new RandomState(3) },
    );
    const direct = new TwoLayerNet(6, 4, 3, 0.5, {
      activation: 'relu',
      random: new RandomState(3),
    });
    expect(two).toBeInstanceOf(TwoLayerNet);
    expect(Array.from(two.params.W2.data)).toEqual(Array.from(direct.params.W2.data));

    const spec: NetworkSpec = {
      ...base,
      class: 'MultiLayerNet',
      hiddenSizeList: [5, 4],
      activation: 'sigmoid',
      weightInitStd: 'xavier',
      weightDecayLambda: 0.1,
    };
    const multi = buildNetwork(spec, { random: new RandomState(3) });
    const book = new MultiLayerNet(6, [5, 4], 3, {
      activation: 'sigmoid',
      weightInitStd: 'xavier',
      weightDecayLambda: 0.1,
      random: new RandomState(3),
    });
    expect(multi).toBeInstanceOf(MultiLayerNet);
    expect(Array.from(multi.params.W3.data)).toEqual(Array.from(book.params.W3.data));
    expect((multi as MultiLayerNet).weightDecayLambda).toBe(0.1);

    const extend = buildNetwork({
      ...spec,
      class: 'MultiLayerNetExtend',
      activation: 'relu',
      useDropout: true,
      dropoutRatio: 0.2,
      useBatchnorm: true,
    });
    expect(extend).toBeInstanceOf(MultiLayerNetExtend);
    expect([...(extend as MultiLayerNetExtend).layers.keys()]).toContain('BatchNorm2');
    expect(hasDropout(extend)).toBe(true);
    expect(reluLayers(extend)).toHaveLength(2);
    expect([...batchNormLayers(extend).keys()]).toEqual([1, 2]);
    expect(hasDropout(multi)).toBe(false);
    expect(reluLayers(multi)).toEqual([]);
    expect(batchNormLayers(two).size).toBe(0);
  });

  it('starts from saved parameters, drawing nothing, gamma and beta included', () => {
    const original = new MultiLayerNetExtend(6, [5], 3, {
      useBatchnorm: true,
      random: new RandomState(8),
    });
    original.params.gamma1.data.set([2, 3, 4, 5, 6]);
    const initialParams = Object.fromEntries(
      Object.entries(original.params).map(([key, param]) => [key, param.data.slice()]),
    );
    const random = new RandomState(1);
    const copy = buildNetwork(
      {
        ...base,
        class: 'MultiLayerNetExtend',
        hiddenSizeList: [5],
        activation: 'relu',
        useDropout: false,
        dropoutRatio: 0.5,
        useBatchnorm: true,
      },
      { initialParams, random },
    );
    for (const [key, param] of Object.entries(original.params)) {
      expect(Array.from(copy.params[key].data), key).toEqual(Array.from(param.data));
    }
    // Nothing was drawn: the generator's next number is its first.
    expect(random.randn(1)[0]).toBe(new RandomState(1).randn(1)[0]);
  });

  it('refuses saved parameters of the wrong size', () => {
    const spec: NetworkSpec = {
      ...base,
      class: 'MultiLayerNet',
      hiddenSizeList: [5, 4],
      activation: 'relu',
    };
    const initialParams = Object.fromEntries(
      Object.entries(buildNetwork(spec).params).map(([key, p]) => [key, p.data.slice()]),
    );
    initialParams.W2 = new Float64Array(19);
    expect(() => buildNetwork(spec, { initialParams })).toThrow('W2 has 19 values, expected 20');
  });
});
