import { describe, expect, it } from 'vitest';
import { Relu } from '../../../src/nn/layers/relu.js';
import { Sigmoid } from '../../../src/nn/layers/sigmoid.js';
import {
  finiteDifference,
  maxAbsDifference,
  randomArray,
  weightedSum,
} from './finite-difference.js';

describe('Sigmoid', () => {
  it('forward is 1 / (1 + exp(-x)): sigmoid(0) = 0.5 and the book 3.2.4 values', () => {
    const layer = new Sigmoid(3);
    const out = layer.forward(Float64Array.from([-1, 1, 2]), 1);
    expect(out[0]).toBeCloseTo(0.2689414213699951, 15);
    expect(out[1]).toBeCloseTo(0.7310585786300049, 15);
    expect(out[2]).toBeCloseTo(0.8807970779778823, 15);
    expect(new Sigmoid(1).forward(Float64Array.of(0), 1)[0]).toBe(0.5);
  });

  it('backward agrees with finite differences', () => {
    const layer = new Sigmoid(4);
    const x = randomArray(8, 21, 3);
    const upstream = randomArray(8, 22);
    const scalar = () => weightedSum(layer.forward(x, 2), upstream);
    scalar();
    const dx = layer.backward(upstream).slice(0, 8);
    expect(maxAbsDifference(dx, finiteDifference(scalar, x))).toBeLessThan(1e-9);
  });
});

describe('Relu', () => {
  it('forward zeroes what is not positive', () => {
    const layer = new Relu(4);
    const out = layer.forward(Float64Array.from([1, -0.5, 0, 3]), 1);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 0, 0, 3]);
  });

  it('backward passes the gradient exactly where x > 0 (finite differences away from 0)', () => {
    const layer = new Relu(5);
    const x = Float64Array.from([1, -0.5, 2, -3, 0.25, 0.7, -0.1, 4, -2, 0.3]);
    const upstream = randomArray(10, 23);
    const scalar = () => weightedSum(layer.forward(x, 2), upstream);
    scalar();
    const dx = layer.backward(upstream).slice(0, 10);
    expect(maxAbsDifference(dx, finiteDifference(scalar, x))).toBeLessThan(1e-9);
    expect(dx[1]).toBe(0);
    expect(dx[0]).toBe(upstream[0]);
  });
});
