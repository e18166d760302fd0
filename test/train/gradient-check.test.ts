// The gradient check of any of the book's networks (ch05/gradient_check.py,
// ch06/batch_norm_gradient_check.py) on real MNIST samples: it passes where backprop is right,
// fails where it is wrong, and says what it leaves out and why.

import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { buildNetwork, weightDecayOf, type Network } from '../../src/nn/network.js';
import { NUMERICAL_H, numericalGradient } from '../../src/nn/numerical.js';
import {
  estimateGradientCheck,
  gradientCheck,
  TOLERANCE_WITH_DELTA,
  TOLERANCE_WITHOUT_DELTA,
} from '../../src/train/gradient-check.js';
import { networkSpecFrom, type NetworkOptions } from '../../src/train/network-config.js';
import { bundledMnist } from './bundled-mnist.js';

async function firstSamples(count: number): Promise<{ x: Matrix; t: Uint8Array }> {
  const { train } = await bundledMnist();
  const x = new Matrix(count, 784);
  train.gatherRange(x.data, 0, count);
  return { x, t: train.labels.subarray(0, count) };
}

function net(options: NetworkOptions, seed: number, crossEntropyDelta = 0): Network {
  return buildNetwork(networkSpecFrom(options), {
    random: new RandomState(seed),
    crossEntropyDelta,
  });
}

describe('gradientCheck', () => {
  it('MultiLayerNetExtend, batch norm, weight decay, 10 samples: agrees to rounding and truncation', async () => {
    const { x, t } = await firstSamples(10);
    const result = gradientCheck(
      net({ hidden: [10, 10], batchNorm: true, weightDecay: 0.1 }, 0),
      x,
      t,
    );
    expect(result.params.map((p) => p.name)).toEqual([
      'W1',
      'b1',
      'W2',
      'b2',
      'W3',
      'b3',
      'gamma1',
      'beta1',
      'gamma2',
      'beta2',
    ]);
    expect(result.tolerance).toBe(TOLERANCE_WITHOUT_DELTA);
    expect(result.isPassed).toBe(true);
    // A bias feeding a BatchNorm layer: its shift is normalized away, its gradient is 0, and
    // both sides give rounding noise, which is not judged.
    expect(result.params.filter((p) => p.isZero).map((p) => p.name)).toEqual(['b1', 'b2']);
    for (const p of result.params.filter((p) => !p.isZero)) expect(p.maxRel).toBeGreaterThan(0);
  });

  it("batch_norm_gradient_check.py's batch of one means nothing: every gradient before the batch norm is 0 both ways", async () => {
    const { x, t } = await firstSamples(1);
    const result = gradientCheck(net({ hidden: [6, 5], batchNorm: true }, 0), x, t);
    // One sample is its batch's mean: x - μ = 0, the normalized value 0 whatever W1, b1, W2, b2.
    for (const name of ['W1', 'b1', 'W2', 'b2']) {
      const p = result.params.find((q) => q.name === name);
      expect(p?.isZero, name).toBe(true);
      expect(p?.maxAbs, name).toBe(0);
    }
  });

  it('MultiLayerNet, relu, 3 samples, with the delta: within the delta’s share', async () => {
    const { x, t } = await firstSamples(3);
    const result = gradientCheck(net({ hidden: [6, 5, 4] }, 1, 1e-7), x, t);
    expect(result.tolerance).toBe(Math.max(TOLERANCE_WITH_DELTA, 1e-6 / result.labelProbability));
    expect(result.isPassed).toBe(true);
    // The delta alone: a share of about delta / y of the gradient.
    expect(result.maxRel).toBeGreaterThan(1e-8);
  });

  it('widens the tolerance to 10 × delta / y when a label is improbable', async () => {
    const { x, t } = await firstSamples(3);
    // Weights of std 1 make confident, mostly wrong predictions.
    const result = gradientCheck(net({ hidden: [6, 5], weightInitStd: 1 }, 2, 1e-7), x, t);
    expect(result.labelProbability).toBeLessThan(1e-2);
    expect(result.tolerance).toBeCloseTo(1e-6 / result.labelProbability, 20);
  });

  it('leaves out the entries whose ±h nudge crosses a ReLU kink, where the two really differ', async () => {
    const { x, t } = await firstSamples(3);
    // TwoLayerNet, 4 hidden units, seed 47: one unit's input is within 1e-4 of 0 for a sample.
    const network = net({ hidden: [4], activation: 'relu' }, 47);
    const result = gradientCheck(network, x, t);
    expect(result.isPassed).toBe(true);
    const b1 = result.params.find((p) => p.name === 'b1');
    expect(b1?.leftOut).toBe(1);
    expect(result.leftOut).toBeGreaterThan(1);
    // Independently: the central difference of the b1 entry left out is far from backprop's.
    const numerical = numericalGradient(() => network.loss(x, t), network.params.b1.data);
    const backprop = network.gradient(x, t).b1.data;
    const differences = Array.from(backprop, (value, j) => Math.abs(value - numerical[j]));
    expect(Math.max(...differences) / Math.max(...backprop.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it.each([
    ['TwoLayerNet', { hidden: [4], activation: 'sigmoid' }],
    [
      'MultiLayerNet with weight decay 0.1',
      { hidden: [6, 5], activation: 'sigmoid', weightDecay: 0.1 },
    ],
  ] as const)(
    '%s: rows of W1 that meet only unlit pixels give what evaluating every entry gives',
    async (_, options) => {
      const { x, t } = await firstSamples(3);
      const network = net(options, 5);
      const W1 = gradientCheck(network, x, t).params.find((p) => p.name === 'W1');
      // Independently: the book's numerical_gradient nudges every entry and runs the loss.
      const numerical = numericalGradient(() => network.loss(x, t, true), network.params.W1.data);
      const backprop = network.gradient(x, t).W1.data;
      const cols = network.params.W1.cols;
      const unlit = Array.from({ length: 784 }, (_, p) => p).filter((p) =>
        [0, 1, 2].every((s) => x.data[s * 784 + p] === 0),
      );
      expect(unlit).toHaveLength(484);
      const unlitValues = unlit.flatMap((p) =>
        Array.from(numerical.subarray(p * cols, (p + 1) * cols)),
      );
      // Without weight decay a nudge there moves nothing; with it, only the decay's λ·W.
      const isDecayed = 'weightDecay' in options;
      expect(unlitValues.every((v) => Object.is(v, 0))).toBe(!isDecayed);
      const differences = Array.from(backprop, (v, i) => Math.abs(v - numerical[i]));
      const magnitude = Math.max(...backprop.map(Math.abs), ...numerical.map(Math.abs));
      expect(W1?.compared).toBe(784 * cols);
      expect(W1?.meanAbs).toBe(differences.reduce((sum, d) => sum + d, 0) / differences.length);
      expect(W1?.maxAbs).toBe(Math.max(...differences));
      expect(W1?.maxRel).toBe(Math.max(...differences) / magnitude);
    },
  );

  it('batch norm after the first Affine, ReLU, weight decay: a nudge over an unlit pixel leaves the cross-entropy to the bit', async () => {
    // The premise of the check's shortcut, held against the book's loss itself.
    const { x, t } = await firstSamples(10);
    const network = net({ hidden: [6, 5], batchNorm: true, weightDecay: 0.1 }, 2);
    network.loss(x, t, true);
    const crossEntropy = network.lastLayer.loss;
    const W1 = network.params.W1;
    let nudged = 0;
    for (let p = 0; p < x.cols; p++) {
      if (![...Array(x.rows).keys()].every((s) => x.data[s * x.cols + p] === 0)) continue;
      for (let idx = p * W1.cols; idx < (p + 1) * W1.cols; idx++) {
        const value = W1.data[idx];
        for (const h of [NUMERICAL_H, -NUMERICAL_H]) {
          W1.data[idx] = value + h;
          const loss = network.loss(x, t, true);
          expect(Object.is(network.lastLayer.loss, crossEntropy)).toBe(true);
          expect(Object.is(loss, crossEntropy + weightDecayOf(network))).toBe(true);
          nudged++;
        }
        W1.data[idx] = value;
      }
    }
    expect(nudged).toBeGreaterThan(0);
  });

  it('fails when backprop is wrong: a gradient of batch norm’s γ missing its 1/batch', async () => {
    const { x, t } = await firstSamples(10);
    const network = net({ hidden: [6, 5], batchNorm: true }, 3);
    const honest = network.gradient.bind(network);
    network.gradient = (xs, ts) => {
      const grads = honest(xs, ts);
      grads.gamma1.data.forEach((v, i) => (grads.gamma1.data[i] = v * 10));
      return grads;
    };
    const result = gradientCheck(network, x, t);
    expect(result.isPassed).toBe(false);
    expect(result.params.find((p) => p.name === 'gamma1')?.maxRel).toBeGreaterThan(0.5);
  });

  it.each([
    ['TwoLayerNet', { hidden: [6] }],
    ['weight decay', { hidden: [6, 5], weightDecay: 0.1 }],
  ] as const)('%s: the estimate counts the forward passes the check runs', async (_, options) => {
    const { x, t } = await firstSamples(3);
    const network = net(options, 0);
    const estimate = estimateGradientCheck(network, x, t);
    const counted = network.loss.bind(network);
    let passes = 0;
    network.loss = (xs, ts, isTraining) => {
      passes++;
      return counted(xs, ts, isTraining);
    };
    gradientCheck(network, x, t);
    // One pass at the unnudged parameters, then the nudges that meet a lit pixel.
    expect(passes).toBe(1 + estimate.forwardPasses);
    expect(estimate.losses).toBe(network.numericalEvaluations);
    expect(estimate.forwardPasses).toBeLessThan(estimate.losses);
    expect(estimate.msPerInert > 0).toBe('weightDecay' in options);
  });

  it('refuses a dropout network, whose every loss draws new masks', async () => {
    const { x, t } = await firstSamples(3);
    expect(() => gradientCheck(net({ hidden: [6, 5], dropout: 0.5 }, 0), x, t)).toThrow(/dropout/);
  });
});
