// Naive twins of optimizer-updates.ts: the book's numpy statements one at a time, each over the
// whole array into a temporary, as numpy evaluates them.

import type { Floats } from '../../floats.js';
import { ROOT_EPSILON } from '../optimizer-updates.js';

type Op = (x: number, i: number) => number;

// a: (length) -> a = op(a) in place, like numpy's a[...] = expression
function assign(a: Floats, length: number, op: Op): void {
  const values = Float64Array.from(a.subarray(0, length), op);
  a.set(values);
}

export function momentumUpdateReference(
  param: Floats,
  v: Floats,
  grad: Floats,
  lr: number,
  momentum: number,
  length: number,
): void {
  const step = Float64Array.from(grad.subarray(0, length), (g) => lr * g);
  assign(v, length, (x, i) => momentum * x - step[i]);
  assign(param, length, (p, i) => p + v[i]);
}

export function nesterovUpdateReference(
  param: Floats,
  v: Floats,
  grad: Floats,
  lr: number,
  momentum: number,
  length: number,
): void {
  assign(param, length, (p, i) => p + momentum * momentum * v[i]);
  assign(param, length, (p, i) => p - (1 + momentum) * lr * grad[i]);
  assign(v, length, (x) => x * momentum);
  assign(v, length, (x, i) => x - lr * grad[i]);
}

export function adaGradUpdateReference(
  param: Floats,
  h: Floats,
  grad: Floats,
  lr: number,
  length: number,
): void {
  assign(h, length, (x, i) => x + grad[i] * grad[i]);
  const roots = Float64Array.from(h.subarray(0, length), (x) => Math.sqrt(x) + ROOT_EPSILON);
  assign(param, length, (p, i) => p - (lr * grad[i]) / roots[i]);
}

export function rmspropUpdateReference(
  param: Floats,
  h: Floats,
  grad: Floats,
  lr: number,
  decayRate: number,
  length: number,
): void {
  assign(h, length, (x) => x * decayRate);
  assign(h, length, (x, i) => x + (1 - decayRate) * grad[i] * grad[i]);
  const roots = Float64Array.from(h.subarray(0, length), (x) => Math.sqrt(x) + ROOT_EPSILON);
  assign(param, length, (p, i) => p - (lr * grad[i]) / roots[i]);
}

export function adamUpdateReference(
  param: Floats,
  m: Floats,
  v: Floats,
  grad: Floats,
  lrT: number,
  beta1: number,
  beta2: number,
  length: number,
): void {
  assign(m, length, (x, i) => x + (1 - beta1) * (grad[i] - x));
  const squares = Float64Array.from(grad.subarray(0, length), (g) => g ** 2);
  assign(v, length, (x, i) => x + (1 - beta2) * (squares[i] - x));
  const roots = Float64Array.from(v.subarray(0, length), (x) => Math.sqrt(x) + ROOT_EPSILON);
  assign(param, length, (p, i) => p - (lrT * m[i]) / roots[i]);
}
