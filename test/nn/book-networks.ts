// The chapter-6 networks against the book's classes under numpy (test/fixtures/ch6/networks.json):
// each case builds the network from the same seed and holds it to numpy step by step.

import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import type { FullyConnectedNet } from '../../src/nn/fully-connected-net.js';
import { BatchNormalization } from '../../src/nn/layers/batch-normalization.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import { MultiLayerNetExtend } from '../../src/nn/multi-layer-net-extend.js';
import {
  AdaGrad,
  Adam,
  Momentum,
  Nesterov,
  RMSprop,
  SGD,
  type Optimizer,
} from '../../src/nn/optimizer.js';
import type { Activation } from '../../src/nn/shape.js';
import type { WeightInitStd } from '../../src/nn/weight-init.js';
import { readFixture, sameBits } from '../fixtures/ch6/fixture.js';

type Values = Record<string, number[]>;
interface Case {
  name: string;
  extend: boolean;
  seed: number;
  hiddenSizeList: number[];
  options: {
    activation?: Activation;
    weightInitStd?: WeightInitStd;
    weightDecayLambda?: number;
    useDropout?: boolean;
    dropoutRatio?: number;
    useBatchnorm?: boolean;
  };
  x: number[];
  t: number[];
  params: Values;
  predict: number[];
  loss: number;
  accuracy: number;
  numericalGradient?: Values;
  afterNumerical?: { runningMean: Values };
  gradient: Values;
  afterGradient: { masks: Values; runningMean: Values; runningVar: Values };
  trainLoss: number;
  predictAfter: number[];
  training: { optimizer: string; batches: number[][]; params: Values; loss: number };
}
const fixture = readFixture<{ inputSize: number; outputSize: number; cases: Case[] }>(
  'networks.json',
);
const { inputSize, outputSize } = fixture;

const OPTIMIZERS: Record<string, () => Optimizer> = {
  SGD: () => new SGD(),
  Momentum: () => new Momentum(),
  Nesterov: () => new Nesterov(),
  AdaGrad: () => new AdaGrad(),
  RMSprop: () => new RMSprop(),
  Adam: () => new Adam(),
};

// Tolerances, as errors relative to the largest value of the array compared (normwise). The
// weights, the Dropout masks and every elementwise step equal numpy's bit for bit (the kernel and
// layer tests hold them so); what differs is the order of the sums inside the products: numpy's
// np.dot calls OpenBLAS, whose blocked kernels (with fused multiply-adds) add the k terms of a
// dot product in another order than our ascending one, and softmax's row sum is numpy's
// pairwise one. Each such sum may differ by about k·ε·Σ|terms| (k <= 10 here, ε = 1.1e-16); a
// few layers forward and back compound that to the 1e-15 seen, so 1e-13 leaves a margin of a
// hundred and still fails on any real difference of formula.
const PRODUCT_TOLERANCE = 1e-13;
// A central difference divides the loss's rounding (~1e-16 · 2.3) by 2h = 2e-4: about 1e-12
// absolute, up to 5e-11 relative to gradients near 0.02 (largest seen: 5e-11).
const NUMERICAL_TOLERANCE = 1e-9;

/** max |actual - expected| over max |expected| (or over `scale` when given). */
function normwiseError(actual: ArrayLike<number>, expected: ArrayLike<number>, scale = 0): number {
  let error = 0;
  let largest = scale;
  for (let i = 0; i < expected.length; i++) {
    error = Math.max(error, Math.abs(actual[i] - expected[i]));
    if (scale === 0) largest = Math.max(largest, Math.abs(expected[i]));
  }
  return largest === 0 ? error : error / largest;
}

function expectClose(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  scale = 0,
): void {
  expect(actual.length, what).toBeGreaterThanOrEqual(expected.length);
  expect(normwiseError(actual, expected, scale), what).toBeLessThanOrEqual(tolerance);
}

// The bias of an Affine followed by BatchNorm has a zero gradient (normalization takes away any
// shift), computed as rounding noise near 1e-17 in numpy and here alike, and stays near zero in
// training; compare it on the scale of the BatchNorm's beta (its gradient, or its value), which
// the same signal reaches, rather than on its own.
function zeroShiftScale(values: Values, key: string): number {
  const beta = values[key.replace(/^b/, 'beta')];
  return key.startsWith('b') && beta ? Math.max(...beta.map(Math.abs)) : 0;
}

function build(c: Case, random: RandomState): FullyConnectedNet {
  const options = { ...c.options, random };
  return c.extend
    ? new MultiLayerNetExtend(inputSize, c.hiddenSizeList, outputSize, options)
    : new MultiLayerNet(inputSize, c.hiddenSizeList, outputSize, options);
}

function rowsOf(x: Matrix, rows: number[]): Matrix {
  const out = new Matrix(rows.length, x.cols);
  rows.forEach((r, i) => out.data.set(x.row(r), i * x.cols));
  return out;
}

/** Runs the fixture's cases for one of the two classes. */
export function describeAgainstBook(isExtend: boolean): void {
  const name = isExtend ? 'MultiLayerNetExtend' : 'MultiLayerNet';
  describe(`${name} against the book's class under numpy`, () => {
    for (const c of fixture.cases.filter((c) => c.extend === isExtend)) {
      it(c.name, () => {
        const random = new RandomState(c.seed);
        const net = build(c, random);
        const x = new Matrix(c.x.length / inputSize, inputSize, Float64Array.from(c.x));
        const t = c.t;
        expect(Object.keys(net.params)).toEqual(Object.keys(c.params));
        for (const [key, values] of Object.entries(c.params)) {
          expect(sameBits(net.params[key].data, values), key).toEqual([]);
        }
        expectClose('predict', net.predict(x).data, c.predict, PRODUCT_TOLERANCE);
        expectClose('loss', [net.loss(x, t)], [c.loss], PRODUCT_TOLERANCE);
        expect(net.accuracy(x, t)).toBe(c.accuracy);
        if (c.numericalGradient) {
          const numerical = net.numericalGradient(x, t);
          expect(Object.keys(numerical)).toEqual(Object.keys(c.numericalGradient));
          for (const [key, values] of Object.entries(c.numericalGradient)) {
            const scale = zeroShiftScale(c.numericalGradient, key);
            expectClose(key, numerical[key].data, values, NUMERICAL_TOLERANCE, scale);
          }
          for (const [key, values] of Object.entries(c.afterNumerical?.runningMean ?? {})) {
            const layer = net.layers.get(key) as BatchNormalization;
            expectClose(`${key} runningMean`, layer.runningMean ?? [], values, PRODUCT_TOLERANCE);
          }
        }
        const grads = net.gradient(x, t);
        expect(Object.keys(grads)).toEqual(Object.keys(c.gradient));
        for (const [key, values] of Object.entries(c.gradient)) {
          const scale = zeroShiftScale(c.gradient, key);
          expectClose(key, grads[key].data, values, PRODUCT_TOLERANCE, scale);
        }
        for (const [key, mask] of Object.entries(c.afterGradient.masks)) {
          expect(sameBits((net.layers.get(key) as Dropout).mask, mask), key).toEqual([]);
        }
        for (const [key, values] of Object.entries(c.afterGradient.runningMean)) {
          const { runningMean } = net.layers.get(key) as BatchNormalization;
          expectClose(`${key} runningMean`, runningMean ?? [], values, PRODUCT_TOLERANCE);
        }
        for (const [key, values] of Object.entries(c.afterGradient.runningVar)) {
          const { runningVar } = net.layers.get(key) as BatchNormalization;
          expectClose(`${key} runningVar`, runningVar ?? [], values, PRODUCT_TOLERANCE);
        }
        // A second training pass: new masks, running statistics moved again.
        expectClose('train loss', [net.loss(x, t, true)], [c.trainLoss], PRODUCT_TOLERANCE);
        expectClose('predict after', net.predict(x).data, c.predictAfter, PRODUCT_TOLERANCE);
        const optimizer = OPTIMIZERS[c.training.optimizer]();
        for (const batch of c.training.batches) {
          const drawn = Array.from(random.choice(x.rows, batch.length));
          expect(drawn).toEqual(batch);
          optimizer.update(
            net.params,
            net.gradient(
              rowsOf(x, drawn),
              drawn.map((r) => t[r]),
            ),
          );
        }
        for (const [key, values] of Object.entries(c.training.params)) {
          const scale = zeroShiftScale(c.training.params, key);
          expectClose(`trained ${key}`, net.params[key].data, values, PRODUCT_TOLERANCE, scale);
        }
        expectClose('trained loss', [net.loss(x, t)], [c.training.loss], PRODUCT_TOLERANCE);
      });
    }
  });
}
