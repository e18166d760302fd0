// The book's gradient_check.py (5.7.3): backpropagation against the numerical gradient on a few
// samples. The book prints the mean |Δ| per parameter; this adds the largest |Δ| and a relative
// error, max |Δ| / max |gradient| per parameter, which a verdict can hold to a tolerance.

import { Matrix } from '../core/matrix.js';
import type { Labels } from '../nn/layers/softmax-with-loss.js';
import { NUMERICAL_H } from '../nn/numerical.js';
import type { ParamName } from '../nn/shape.js';
import { PARAM_NAMES, type TwoLayerNet } from '../nn/two-layer-net.js';

/**
 * Tolerances for the relative error, from what each side gets wrong:
 * - With the book's delta: backprop differentiates -log y, the loss is -log(y + 1e-7), so the
 *   two slopes differ by a factor y / (y + 1e-7): 1e-6 at y ≈ 0.1 (a fresh network's softmax),
 *   1e-5 still at y = 0.01. Rounding (ε·L/h ≈ 5e-12) and truncation (h² ≈ 1e-8) are far below.
 * - Without it: only rounding and truncation remain, measured at ≤ 2e-9; 1e-7 leaves 50×.
 * A real error (a missing 1/batch, a wrong sign, a transposed product) is of order 1.
 */
export const TOLERANCE_WITH_DELTA = 1e-5;
export const TOLERANCE_WITHOUT_DELTA = 1e-7;

export interface ParamCheck {
  name: ParamName;
  /** Entries compared (all but those of hidden units at a ReLU kink). */
  compared: number;
  meanAbs: number;
  maxAbs: number;
  /** max |Δ| / max(|backprop|, |numerical|) over the compared entries. */
  maxRel: number;
}

export interface GradientCheckResult {
  params: ParamCheck[];
  maxRel: number;
  tolerance: number;
  isPassed: boolean;
  /**
   * Hidden units whose ReLU input lies within h of 0 for some sample: nudging their weights by
   * ±h crosses the kink, so the central difference there is an average of two slopes, not a
   * derivative. Their W1 column and b1 entry are left out of the comparison.
   */
  kinkUnits: number[];
}

export function gradientCheck(
  net: TwoLayerNet,
  x: Matrix,
  t: Labels,
  tolerance = net.lastLayer.delta > 0 ? TOLERANCE_WITH_DELTA : TOLERANCE_WITHOUT_DELTA,
  h = NUMERICAL_H,
): GradientCheckResult {
  const numerical = net.numericalGradient(x, t, h);
  const backprop = net.gradient(x, t);
  const kinkUnits = net.activation === 'relu' ? unitsNearKink(net, x, h) : [];
  const isSkipped = (name: ParamName, index: number): boolean => {
    if (kinkUnits.length === 0 || (name !== 'W1' && name !== 'b1')) return false;
    return kinkUnits.includes(index % net.hiddenSize);
  };
  const params = PARAM_NAMES.map((name): ParamCheck => {
    const a = backprop[name].data;
    const n = numerical[name].data;
    let compared = 0;
    let sumAbs = 0;
    let maxAbs = 0;
    let maxMagnitude = 0;
    for (let i = 0; i < a.length; i++) {
      if (isSkipped(name, i)) continue;
      const difference = Math.abs(a[i] - n[i]);
      compared++;
      sumAbs += difference;
      maxAbs = Math.max(maxAbs, difference);
      maxMagnitude = Math.max(maxMagnitude, Math.abs(a[i]), Math.abs(n[i]));
    }
    return {
      name,
      compared,
      meanAbs: compared === 0 ? 0 : sumAbs / compared,
      maxAbs,
      maxRel: maxMagnitude === 0 ? 0 : maxAbs / maxMagnitude,
    };
  });
  const maxRel = Math.max(...params.map((p) => p.maxRel));
  return { params, maxRel, tolerance, isPassed: maxRel <= tolerance, kinkUnits };
}

/** How long a gradient check will take, from a few of its loss evaluations timed. */
export interface GradientCheckEstimate {
  /** Loss evaluations of the numerical side: two per parameter. */
  losses: number;
  msPerLoss: number;
  msTotal: number;
}

const SAMPLE_BUDGET_MS = 100;
const MIN_SAMPLES = 3;

/** Times net.loss(x, t), which gradientCheck evaluates twice per parameter (backprop is ~free). */
export function estimateGradientCheck(
  net: TwoLayerNet,
  x: Matrix,
  t: Labels,
  now: () => number = () => performance.now(),
): GradientCheckEstimate {
  // Once untimed, for the JIT.
  net.loss(x, t);
  let samples = 0;
  let elapsed = 0;
  const started = now();
  while (samples < MIN_SAMPLES || elapsed < SAMPLE_BUDGET_MS) {
    net.loss(x, t);
    samples++;
    elapsed = now() - started;
  }
  const msPerLoss = elapsed / samples;
  const losses = net.numericalEvaluations;
  return { losses, msPerLoss, msTotal: msPerLoss * losses };
}

// Inputs are pixels in [0, 1], so a ±h nudge of W1[i][j] or b1[j] moves unit j's input by ≤ h.
function unitsNearKink(net: TwoLayerNet, x: Matrix, h: number): number[] {
  const a1 = net.layers.Affine1.forward(x.data, x.rows);
  const units: number[] = [];
  for (let j = 0; j < net.hiddenSize; j++) {
    for (let s = 0; s < x.rows; s++) {
      if (Math.abs(a1[s * net.hiddenSize + j]) <= h) {
        units.push(j);
        break;
      }
    }
  }
  return units;
}
