import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { initWeights, weightScale } from '../../src/nn/weight-init.js';

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

describe('initWeights', () => {
  it("scales each weight matrix by its own fan-in, drawn W1 first (the book's __init_weight)", () => {
    const params = initWeights([4, 9, 3], 'relu', new RandomState(1), Matrix.zeros);
    const draws = new RandomState(1);
    const W1 = draws.randn(4 * 9).map((v) => Math.sqrt(2 / 4) * v);
    const W2 = draws.randn(9 * 3).map((v) => Math.sqrt(2 / 9) * v);
    expect(Array.from(params.W1.data)).toEqual(Array.from(W1));
    expect(Array.from(params.W2.data)).toEqual(Array.from(W2));
  });

  it("starts every bias at zero and keeps the book's key order", () => {
    const params = initWeights([4, 9, 3], 0.01, new RandomState(1), Matrix.zeros);
    expect(Object.keys(params)).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(params.b1.data.every((b) => b === 0)).toBe(true);
  });
});
