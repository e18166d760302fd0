// The book's gradient checks (5.7.3 gradient_check.py; ch06/batch_norm_gradient_check.py):
// backpropagation against central differences on a few samples, for any of the book's networks
// (TwoLayerNet, MultiLayerNet, MultiLayerNetExtend with batch norm and weight decay). The book
// prints the mean |Δ| per parameter; this adds the largest |Δ| and a relative error, max |Δ| /
// max |gradient| per parameter, which a verdict can hold to a tolerance.
//
// Both sides are training passes (batch norm on the batch's statistics), as gradient() and the
// book's numerical_gradient() are. The central differences are taken here rather than by
// numericalGradient so that each nudge can be watched: where nudging an entry by ±h moves some
// ReLU's input across 0, the difference straddles the kink and is no derivative, and that entry
// is left out (the same arithmetic as numericalGradient otherwise).
//
// A pixel that is 0 in every sample meets its row of W1 (the first Affine's weights in each of
// the book's networks) only in products by 0: nudging that row changes no bit of the forward
// pass, so the loss there is the unnudged cross-entropy plus the weight decay at the nudged
// weights, added as the network adds them, and only the weight decay is computed again (0 for
// TwoLayerNet, so the differences are exactly 0). Over MNIST's first three samples that is 484
// of the 784 rows: three fifths of the forward passes of the book's 79 520 loss evaluations.

import { Matrix } from '../core/matrix.js';
import type { Labels } from '../nn/layers/softmax-with-loss.js';
import { hasDropout, reluLayers, weightDecayOf, type Network } from '../nn/network.js';
import { NUMERICAL_H } from '../nn/numerical.js';

/**
 * Tolerances for the relative error, from what each side gets wrong:
 * - With the book's delta: backprop differentiates -log y, the loss is -log(y + 1e-7), so the
 *   two slopes differ by a factor y / (y + 1e-7) for a sample whose label has probability y:
 *   1e-6 at y ≈ 0.1 (a fresh network's softmax). The tolerance is 1e-5, or ten times
 *   delta / y for the least probable label when that is larger (a confident wrong network).
 *   Rounding (ε·L/h ≈ 5e-12) and truncation (h² ≈ 1e-8) are far below.
 * - Without it: only rounding and truncation remain, measured at ≤ 2e-9; 1e-7 leaves 50×.
 * A real error (a missing 1/batch, a wrong sign, a transposed product) is of order 1.
 */
export const TOLERANCE_WITH_DELTA = 1e-5;
export const TOLERANCE_WITHOUT_DELTA = 1e-7;

/**
 * Below this many times max(|L|, 1), a parameter's gradient is zero to what central differences
 * resolve: their rounding is ε·|L|/h ≈ 1e-12·|L| (a BatchNorm's input bias, whose shift the
 * normalization takes away, gives about that on both sides).
 */
export const ZERO_GRADIENT = 1e-9;

export interface ParamCheck {
  name: string;
  /** Entries compared (all but those whose nudge crossed a ReLU kink). */
  compared: number;
  /** Entries left out: nudging them by ±h moved some ReLU's input across 0. */
  leftOut: number;
  meanAbs: number;
  maxAbs: number;
  /** max |Δ| / max(|backprop|, |numerical|) over the compared entries. */
  maxRel: number;
  /**
   * Both sides below ZERO_GRADIENT·max(|L|, 1): a gradient that is zero in exact arithmetic (a
   * BatchNorm's input bias). Its relative error is rounding over rounding and not judged.
   */
  isZero: boolean;
}

export interface GradientCheckResult {
  params: ParamCheck[];
  /** The largest maxRel of the parameters that are not zero. */
  maxRel: number;
  tolerance: number;
  isPassed: boolean;
  /** Entries left out over all parameters (see ParamCheck.leftOut). */
  leftOut: number;
  /** The smallest probability the network gives a sample's label (sets the delta's share). */
  labelProbability: number;
  /** The loss at the unnudged parameters. */
  loss: number;
}

export function gradientCheck(
  net: Network,
  x: Matrix,
  t: Labels,
  tolerance?: number,
  h = NUMERICAL_H,
): GradientCheckResult {
  if (hasDropout(net)) {
    throw new RangeError('a network with dropout draws new masks for every loss: nothing to check');
  }
  const relus = reluLayers(net);
  const loss = net.loss(x, t, true);
  const crossEntropy = net.lastLayer.loss;
  const labelProbability = smallestLabelProbability(net, t, x.rows);
  const kinkPattern = relus.map((layer) => positive(layer.output));
  const crossesKink = () =>
    relus.some((layer, l) => {
      const y = layer.output;
      const pattern = kinkPattern[l];
      for (let i = 0; i < pattern.length; i++) if (y[i] > 0 !== (pattern[i] === 1)) return true;
      return false;
    });

  const floor = ZERO_GRADIENT * Math.max(Math.abs(loss), 1);
  const delta = net.lastLayer.delta;
  const bound =
    tolerance ??
    (delta > 0
      ? Math.max(TOLERANCE_WITH_DELTA, (10 * delta) / labelProbability)
      : TOLERANCE_WITHOUT_DELTA);
  // Backprop last: gradient() leaves its results in buffers the next pass would overwrite.
  const numerical: Record<string, { values: Float64Array; isKink: Uint8Array }> = {};
  const f = () => net.loss(x, t, true);
  const unlit = { isRow: unlitPixels(x), f: () => crossEntropy + weightDecayOf(net) };
  for (const [name, param] of Object.entries(net.params)) {
    const inert = name === 'W1' ? unlit : undefined;
    numerical[name] = centralDifferences(param, f, crossesKink, h, inert);
  }
  const backprop = net.gradient(x, t);
  const params = Object.keys(net.params).map((name): ParamCheck => {
    const a = backprop[name].data;
    const { values: n, isKink } = numerical[name];
    let compared = 0;
    let sumAbs = 0;
    let maxAbs = 0;
    let maxMagnitude = 0;
    for (let i = 0; i < a.length; i++) {
      if (isKink[i]) continue;
      const difference = Math.abs(a[i] - n[i]);
      compared++;
      sumAbs += difference;
      maxAbs = Math.max(maxAbs, difference);
      maxMagnitude = Math.max(maxMagnitude, Math.abs(a[i]), Math.abs(n[i]));
    }
    return {
      name,
      compared,
      leftOut: a.length - compared,
      meanAbs: compared === 0 ? 0 : sumAbs / compared,
      maxAbs,
      maxRel: maxMagnitude === 0 ? 0 : maxAbs / maxMagnitude,
      isZero: maxMagnitude <= floor,
    };
  });
  const maxRel = Math.max(0, ...params.filter((p) => !p.isZero).map((p) => p.maxRel));
  return {
    params,
    maxRel,
    tolerance: bound,
    isPassed: maxRel <= bound,
    leftOut: params.reduce((sum, p) => sum + p.leftOut, 0),
    labelProbability,
    loss,
  };
}

/**
 * (f(p + h) - f(p - h)) / 2h for each entry of param, as numericalGradient computes it, and
 * whether either nudge crossed a ReLU kink. In the rows inert.isRow marks, nudges leave the
 * forward pass as it is: inert.f gives f there without running it, and no kink is crossed.
 */
function centralDifferences(
  param: Matrix,
  f: () => number,
  crossesKink: () => boolean,
  h: number,
  inert?: { isRow: Uint8Array; f: () => number },
): { values: Float64Array; isKink: Uint8Array } {
  const values = param.data;
  const grad = new Float64Array(values.length);
  const isKink = new Uint8Array(values.length);
  for (let idx = 0; idx < values.length; idx++) {
    const isInert = inert !== undefined && inert.isRow[Math.floor(idx / param.cols)] === 1;
    const loss = isInert ? inert.f : f;
    const tmpVal = values[idx];
    values[idx] = tmpVal + h;
    const fxh1 = loss();
    let crossed = !isInert && crossesKink();
    values[idx] = tmpVal - h;
    const fxh2 = loss();
    crossed ||= !isInert && crossesKink();
    grad[idx] = (fxh1 - fxh2) / (2 * h);
    values[idx] = tmpVal;
    isKink[idx] = crossed ? 1 : 0;
  }
  return { values: grad, isKink };
}

// x: (rows, cols) -> 1 for each column that is 0 in every row
function unlitPixels(x: Matrix): Uint8Array {
  const isUnlit = new Uint8Array(x.cols).fill(1);
  for (let i = 0; i < x.rows * x.cols; i++) if (x.data[i] !== 0) isUnlit[i % x.cols] = 0;
  return isUnlit;
}

/** 1 where y > 0 (the ReLU passes its input), 0 elsewhere. */
function positive(y: Float64Array): Uint8Array {
  return Uint8Array.from(y, (value) => (value > 0 ? 1 : 0));
}

/** The smallest softmax probability of a sample's label, after the last forward pass. */
function smallestLabelProbability(net: Network, t: Labels, rows: number): number {
  const y = net.lastLayer.output;
  const classes = net.outputSize;
  let smallest = 1;
  for (let s = 0; s < rows; s++) smallest = Math.min(smallest, y[s * classes + t[s]]);
  return smallest;
}

/** How long a gradient check will take, from a few of its loss evaluations timed. */
export interface GradientCheckEstimate {
  /** Loss evaluations of the numerical side: two per parameter, as numericalGradient makes. */
  losses: number;
  /** Of those, the ones that run the network: not those nudging W1's rows over unlit pixels. */
  forwardPasses: number;
  /** The rows of W1 over pixels that are 0 in every sample (see the top). */
  unlitRows: number;
  msPerLoss: number;
  /** What the other evaluations cost: the weight decay alone (0 without it). */
  msPerInert: number;
  msTotal: number;
}

const SAMPLE_BUDGET_MS = 100;
const MIN_SAMPLES = 3;

/** Times a training-mode loss, which gradientCheck evaluates twice per parameter (backprop is ~free). */
export function estimateGradientCheck(
  net: Network,
  x: Matrix,
  t: Labels,
  now: () => number = () => performance.now(),
): GradientCheckEstimate {
  const msPerLoss = msPerCall(() => net.loss(x, t, true), now);
  const msPerInert = weightDecayOf(net) === 0 ? 0 : msPerCall(() => weightDecayOf(net), now);
  const losses = net.numericalEvaluations;
  const unlitRows = unlitPixels(x).reduce((sum, isUnlit) => sum + isUnlit, 0);
  const inert = 2 * unlitRows * net.params.W1.cols;
  const forwardPasses = losses - inert;
  const msTotal = msPerLoss * forwardPasses + msPerInert * inert;
  return { losses, forwardPasses, unlitRows, msPerLoss, msPerInert, msTotal };
}

/** The mean time of a call, over at least MIN_SAMPLES calls and SAMPLE_BUDGET_MS. */
function msPerCall(call: () => void, now: () => number): number {
  // Once untimed, for the JIT.
  call();
  let samples = 0;
  let elapsed = 0;
  const started = now();
  while (samples < MIN_SAMPLES || elapsed < SAMPLE_BUDGET_MS) {
    call();
    samples++;
    elapsed = now() - started;
  }
  return elapsed / samples;
}
