import { describe, expect, it } from 'vitest';
import { paramShapes } from '../../src/nn/shape.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';

describe('a network shape', () => {
  it("gives TwoLayerNet's parameters their book shapes and order", () => {
    const net = new TwoLayerNet(784, 50, 10);
    expect(net.shape).toEqual({ layerSizes: [784, 50, 10], activation: 'sigmoid' });
    expect(paramShapes(net.shape)).toEqual([
      ['W1', [784, 50]],
      ['b1', [1, 50]],
      ['W2', [50, 10]],
      ['b2', [1, 10]],
    ]);
    for (const [name, [rows, cols]] of paramShapes(net.shape)) {
      expect(net.params[name].shape).toEqual([rows, cols]);
    }
  });

  it("names a deeper network's parameters as MultiLayerNet does: W1, b1, … W3, b3", () => {
    const shapes = paramShapes({ layerSizes: [784, 100, 100, 10], activation: 'relu' });
    expect(shapes.map(([name]) => name)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(shapes[4]).toEqual(['W3', [100, 10]]);
  });
});
