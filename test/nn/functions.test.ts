import { describe, expect, it } from 'vitest';
import { pairwiseSum } from '../../src/core/kernels/sums.js';
import { Matrix } from '../../src/core/matrix.js';
import {
  crossEntropyError,
  relu,
  sigmoid,
  softmax,
  sumSquaresError,
} from '../../src/nn/functions.js';
import { numpyFixture } from '../fixtures/functions/fixture.js';

// book 4.2.1: the answer is "2"; the network's output first favours "2", then "7"
const t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
const yTwo = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
const ySeven = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
const { losses } = numpyFixture;

/** Agreement within a few units in the last place (numpy sums some rows pairwise). */
function expectClose(actual: ArrayLike<number>, expected: number[], ulps = 4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(expected[i]), Number.MIN_VALUE);
    expect(Math.abs(actual[i] - expected[i]), `index ${i}`).toBeLessThanOrEqual(
      ulps * Number.EPSILON * scale,
    );
  }
}

describe('sumSquaresError', () => {
  it('of the book example "2 most likely" is 0.09750000000000003', () => {
    expect(sumSquaresError(yTwo, t)).toBe(0.09750000000000003);
  });
  it('of the book example "7 most likely" is 0.5975', () => {
    expect(sumSquaresError(ySeven, t)).toBe(0.5975);
  });
  it('sums a batch the way numpy does, bit for bit', () => {
    const y = Matrix.fromArrays(losses.softmax);
    expect(sumSquaresError(y, Matrix.fromArrays(losses.oneHot))).toBe(losses.sse);
  });
  it('rejects outputs and targets of different sizes', () => {
    expect(() => sumSquaresError([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('sums in numpy order (pairwiseSum)', () => {
  it('matches np.sum on 300 values bit for bit (the halving branch of pairwise summation)', () => {
    expect(sumSquaresError(losses.longY, losses.longT)).toBe(losses.sseLong);
  });
  it('differs from a running sum where numpy does, so the order is really pairwise', () => {
    const squares = losses.longY.map((y, i) => (y - losses.longT[i]) ** 2);
    expect(pairwiseSum(squares)).not.toBe(squares.reduce((a, b) => a + b, 0));
  });
  it('adds fewer than eight values left to right', () => {
    expect(pairwiseSum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
  });
});

describe('crossEntropyError', () => {
  it('of the book example "2 most likely" is 0.510825457099338', () => {
    expect(crossEntropyError(yTwo, t)).toBe(0.510825457099338);
  });
  // The book prints 2.3025840929945454, one unit in the last place below the correctly
  // rounded -log(0.10000010000000001) = 2.30258409299454559941...; numpy 2 on glibc and V8 both
  // give the correctly rounded 2.302584092994546, so that is the value to hold.
  it('of the book example "7 most likely" is numpy\'s 2.302584092994546, 1 ulp from the book', () => {
    const loss = crossEntropyError(ySeven, t);
    expect(loss).toBe(numpyFixture.bookLosses.cee7);
    expect(loss).toBe(2.302584092994546);
    expect(loss - 2.3025840929945454).toBe(Number.EPSILON * 2);
  });
  it('reads a label index as the one-hot vector it stands for', () => {
    expect(crossEntropyError(ySeven, [2])).toBe(crossEntropyError(ySeven, t));
  });
  it('averages a batch with one-hot targets as numpy does', () => {
    const y = Matrix.fromArrays(losses.softmax);
    expectClose([crossEntropyError(y, Matrix.fromArrays(losses.oneHot))], [losses.cceOneHot]);
  });
  it('averages a batch with label targets to the same value', () => {
    const y = Matrix.fromArrays(losses.softmax);
    expectClose([crossEntropyError(y, losses.labels)], [losses.cceLabels]);
  });
  it('stays finite when the right class has probability 0 (delta 1e-7)', () => {
    expect(crossEntropyError([1, 0], [0, 1])).toBeCloseTo(-Math.log(1e-7), 12);
  });
  it('rejects a label outside the classes and a target of the wrong size', () => {
    expect(() => crossEntropyError(yTwo, [10])).toThrow(/label 10/);
    expect(() => crossEntropyError(yTwo, [1, 2, 3])).toThrow(RangeError);
  });
});

describe('softmax', () => {
  it('matches numpy row by row on a batch', () => {
    const out = softmax(Matrix.fromArrays(losses.logits));
    expect(out.shape).toEqual([5, 10]);
    expectClose(out.data, losses.softmax.flat());
  });
  it('treats a 1-D input as a batch of one', () => {
    const out = softmax(losses.logits[0]);
    expect(out.shape).toEqual([1, 10]);
    expectClose(out.data, losses.softmaxFirstRow);
  });
  it('does not overflow on large inputs (the maximum is subtracted first)', () => {
    expect(Array.from(softmax([1010, 1000, 990]).data).every(Number.isFinite)).toBe(true);
    expect(softmax([1010, 1000, 990]).get(0, 0)).toBeCloseTo(0.999954600070331, 14);
  });
});

describe('sigmoid and relu', () => {
  // exp comes from V8 here and from numpy's own SIMD routine there: the last bit may differ
  it('sigmoid equals numpy 1 / (1 + exp(-x)), including the saturated ends', () => {
    expectClose(sigmoid(losses.activationsIn).data, losses.sigmoid);
  });
  it('relu equals numpy maximum(0, x)', () => {
    // numpy keeps the sign of -0.0 (maximum(0, -0.0) is -0.0); compare values, not signs
    const unsigned = (values: ArrayLike<number>) => Array.from(values, (v) => v + 0);
    expect(unsigned(relu(losses.activationsIn).data)).toEqual(unsigned(losses.relu));
  });
  it('keep the shape of a matrix', () => {
    expect(sigmoid(Matrix.fromArrays([[0], [1]])).shape).toEqual([2, 1]);
  });
});
