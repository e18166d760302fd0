import { describe, expect, it } from 'vitest';
import { Matrix } from '../../../src/core/matrix.js';
import { Affine } from '../../../src/nn/layers/affine.js';
import {
  finiteDifference,
  maxAbsDifference,
  randomArray,
  weightedSum,
} from './finite-difference.js';

describe('Affine', () => {
  it('computes x·W + b (the book 5.6.1 batch example, worked by hand)', () => {
    const W = Matrix.fromArrays([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = Matrix.rowVector([1, 2, 3]);
    const layer = new Affine(W, b);
    const out = layer.forward(Float64Array.from([0, 0, 10, 10]), 2);
    expect(Array.from(out.subarray(0, 6))).toEqual([1, 2, 3, 51, 72, 93]);
  });

  it('backward gives dx, dW and db that agree with finite differences', () => {
    const rows = 3;
    const W = new Matrix(4, 5, randomArray(20, 1));
    const b = new Matrix(1, 5, randomArray(5, 2));
    const x = randomArray(rows * 4, 3);
    const upstream = randomArray(rows * 5, 4);
    const layer = new Affine(W, b);
    const scalar = () => weightedSum(layer.forward(x, rows), upstream);

    scalar();
    const dx = layer.backward(upstream).slice(0, rows * 4);
    const dW = layer.dW.data.slice();
    const db = layer.db.data.slice();

    expect(maxAbsDifference(dx, finiteDifference(scalar, x))).toBeLessThan(1e-8);
    expect(maxAbsDifference(dW, finiteDifference(scalar, W.data))).toBeLessThan(1e-8);
    expect(maxAbsDifference(db, finiteDifference(scalar, b.data))).toBeLessThan(1e-8);
  });

  it('backwardParams fills the same dW and db as backward', () => {
    const W = new Matrix(3, 2, randomArray(6, 5));
    const b = new Matrix(1, 2, randomArray(2, 6));
    const x = randomArray(6, 7);
    const dout = randomArray(4, 8);
    const full = new Affine(W, b);
    full.forward(x, 2);
    full.backward(dout);
    const paramsOnly = new Affine(W, b);
    paramsOnly.forward(x, 2);
    paramsOnly.backwardParams(dout);
    expect(Array.from(paramsOnly.dW.data)).toEqual(Array.from(full.dW.data));
    expect(Array.from(paramsOnly.db.data)).toEqual(Array.from(full.db.data));
  });

  it('reuses its buffers for batches no larger than the largest seen', () => {
    const layer = new Affine(new Matrix(2, 2, randomArray(4, 9)), Matrix.zeros(1, 2));
    layer.reserve(4);
    const first = layer.forward(randomArray(8, 10), 4);
    const second = layer.forward(randomArray(2, 11), 1);
    expect(second).toBe(first);
  });

  it('refuses a bias that does not fit the weights', () => {
    expect(() => new Affine(Matrix.zeros(3, 2), Matrix.zeros(1, 3))).toThrow(RangeError);
  });
});
