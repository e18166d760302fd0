import { describe, expect, it } from 'vitest';
import { Matrix } from '../../../src/core/matrix.js';
import { BatchNormalization } from '../../../src/nn/layers/batch-normalization.js';
import { readFixture, sameBits } from '../../fixtures/ch6/fixture.js';
import {
  finiteDifference,
  maxAbsDifference,
  randomArray,
  weightedSum,
} from './finite-difference.js';

interface Pass {
  x: number[];
  dout: number[];
  out: number[];
  dx: number[];
  dgamma: number[];
  dbeta: number[];
  runningMean: number[];
  runningVar: number[];
}
interface Case {
  cols: number;
  momentum: number;
  gamma: number[];
  beta: number[];
  passes: Pass[];
  test: { x: number[]; out: number[] };
}

const { batchNormalization } = readFixture<{ batchNormalization: Case[] }>('layers.json');

describe("BatchNormalization against the book's class under numpy", () => {
  for (const c of batchNormalization) {
    const batches = c.passes.map((p) => p.x.length / c.cols).join(', ');
    it(`${c.cols} features, batches of ${batches}, momentum ${c.momentum}: bit for bit`, () => {
      const layer = new BatchNormalization(Matrix.rowVector(c.gamma), Matrix.rowVector(c.beta), {
        momentum: c.momentum,
      });
      expect(layer.runningMean).toBeNull();
      // The layer's buffers keep the size of its largest batch: a smaller one fills their front.
      const front = (values: Float64Array, rows: number) => values.subarray(0, rows * c.cols);
      for (const pass of c.passes) {
        const rows = pass.x.length / c.cols;
        const out = layer.forward(Float64Array.from(pass.x), rows);
        expect(sameBits(front(out, rows), pass.out)).toEqual([]);
        expect(sameBits(layer.runningMean ?? [], pass.runningMean)).toEqual([]);
        expect(sameBits(layer.runningVar ?? [], pass.runningVar)).toEqual([]);
        const dx = layer.backward(Float64Array.from(pass.dout));
        expect(sameBits(front(dx, rows), pass.dx)).toEqual([]);
        expect(sameBits(layer.dgamma.data, pass.dgamma)).toEqual([]);
        expect(sameBits(layer.dbeta.data, pass.dbeta)).toEqual([]);
      }
      const rows = c.test.x.length / c.cols;
      const testOut = layer.forward(Float64Array.from(c.test.x), rows, false);
      expect(sameBits(front(testOut, rows), c.test.out)).toEqual([]);
    });
  }
});

describe('BatchNormalization', () => {
  it('backward agrees with finite differences for x, gamma and beta', () => {
    const rows = 5;
    const cols = 3;
    const gamma = new Matrix(
      1,
      cols,
      randomArray(cols, 31).map((v) => 1 + v),
    );
    const beta = new Matrix(1, cols, randomArray(cols, 32));
    const x = randomArray(rows * cols, 33, 2);
    const upstream = randomArray(rows * cols, 34);
    const layer = new BatchNormalization(gamma, beta);
    const scalar = () => weightedSum(layer.forward(x, rows), upstream);
    scalar();
    const dx = layer.backward(upstream).slice(0, rows * cols);
    const dgamma = layer.dgamma.data.slice();
    const dbeta = layer.dbeta.data.slice();
    expect(maxAbsDifference(dx, finiteDifference(scalar, x))).toBeLessThan(1e-8);
    expect(maxAbsDifference(dgamma, finiteDifference(scalar, gamma.data))).toBeLessThan(1e-8);
    expect(maxAbsDifference(dbeta, finiteDifference(scalar, beta.data))).toBeLessThan(1e-8);
  });

  it('normalizes each feature of a training batch to mean beta and spread gamma', () => {
    const layer = new BatchNormalization(Matrix.rowVector([2, 2]), Matrix.rowVector([1, -1]));
    const out = layer.forward(Float64Array.from([0, 10, 2, 20, 4, 30]), 3);
    const column = (j: number) => [out[j], out[2 + j], out[4 + j]];
    for (const [j, shift] of [
      [0, 1],
      [1, -1],
    ]) {
      const mean = column(j).reduce((s, v) => s + v, 0) / 3;
      expect(mean).toBeCloseTo(shift, 12);
      const spread = Math.sqrt(column(j).reduce((s, v) => s + (v - mean) ** 2, 0) / 3);
      expect(spread).toBeCloseTo(2, 4);
    }
  });

  it('starts from given running statistics and refuses ones of the wrong size', () => {
    const layer = new BatchNormalization(Matrix.rowVector([1]), Matrix.rowVector([0]), {
      runningMean: Float64Array.of(3),
      runningVar: Float64Array.of(4 - 10e-7),
    });
    expect(Array.from(layer.forward(Float64Array.of(7), 1, false))).toEqual([2]);
    expect(
      () =>
        new BatchNormalization(Matrix.rowVector([1, 1]), Matrix.rowVector([0, 0]), {
          runningMean: Float64Array.of(0),
        }),
    ).toThrow(RangeError);
  });
});
