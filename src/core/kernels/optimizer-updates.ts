// The update rules of the book's optimizers (6.1; common/optimizer.py), one parameter at a time:
// each loop does in one pass what the book's numpy statements do one after another, element by
// element in the same order of operations, so the results are numpy's to the last bit.
// Naive twins in reference/optimizer-updates.ts.

import type { Floats } from '../floats.js';

/** The book's 1e-7 beside the root in AdaGrad, RMSprop and Adam: no division by zero. */
export const ROOT_EPSILON = 1e-7;

// param, v, grad: (length) -> param, v in place: v = momentum·v - lr·grad; param += v
export function momentumUpdate(
  param: Floats,
  v: Floats,
  grad: Floats,
  lr: number,
  momentum: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) {
    v[i] = momentum * v[i] - lr * grad[i];
    param[i] += v[i];
  }
}

// param, v, grad: (length) -> param, v in place: param += momentum²·v;
// param -= (1 + momentum)·lr·grad; v *= momentum; v -= lr·grad
export function nesterovUpdate(
  param: Floats,
  v: Floats,
  grad: Floats,
  lr: number,
  momentum: number,
  length: number,
): void {
  const ahead = momentum * momentum;
  const step = (1 + momentum) * lr;
  for (let i = 0; i < length; i++) {
    param[i] += ahead * v[i];
    param[i] -= step * grad[i];
    v[i] *= momentum;
    v[i] -= lr * grad[i];
  }
}

// param, h, grad: (length) -> param, h in place: h += grad²; param -= lr·grad / (√h + 1e-7)
export function adaGradUpdate(
  param: Floats,
  h: Floats,
  grad: Floats,
  lr: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) {
    h[i] += grad[i] * grad[i];
    param[i] -= (lr * grad[i]) / (Math.sqrt(h[i]) + ROOT_EPSILON);
  }
}

// param, h, grad: (length) -> param, h in place: h *= decayRate; h += (1 - decayRate)·grad²;
// param -= lr·grad / (√h + 1e-7)
export function rmspropUpdate(
  param: Floats,
  h: Floats,
  grad: Floats,
  lr: number,
  decayRate: number,
  length: number,
): void {
  const rest = 1 - decayRate;
  for (let i = 0; i < length; i++) {
    h[i] *= decayRate;
    h[i] += rest * grad[i] * grad[i];
    param[i] -= (lr * grad[i]) / (Math.sqrt(h[i]) + ROOT_EPSILON);
  }
}

// param, m, v, grad: (length) -> param, m, v in place: m += (1 - beta1)·(grad - m);
// v += (1 - beta2)·(grad² - v); param -= lrT·m / (√v + 1e-7), lrT being the step's
// bias-corrected rate lr·√(1 - beta2^t) / (1 - beta1^t)
export function adamUpdate(
  param: Floats,
  m: Floats,
  v: Floats,
  grad: Floats,
  lrT: number,
  beta1: number,
  beta2: number,
  length: number,
): void {
  const rest1 = 1 - beta1;
  const rest2 = 1 - beta2;
  for (let i = 0; i < length; i++) {
    const g = grad[i];
    m[i] += rest1 * (g - m[i]);
    v[i] += rest2 * (g * g - v[i]);
    param[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + ROOT_EPSILON);
  }
}
