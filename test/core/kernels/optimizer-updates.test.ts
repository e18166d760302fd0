import { describe, expect, it } from 'vitest';
import * as fast from '../../../src/core/kernels/optimizer-updates.js';
import * as naive from '../../../src/core/kernels/reference/optimizer-updates.js';
import { randomArray } from './cases.js';

/** One step of an update rule: param and state change in place; t counts steps from 1. */
type Step = (param: Float64Array, state: Float64Array[], grad: Float64Array, t: number) => void;

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expect(Array.from(a)).toEqual(Array.from(b));

// Twenty steps from zero state, each with a fresh gradient (some of its entries zero), so the
// state carries every step's rounding into the next.
function expectSameSteps(length: number, states: number, update: Step, reference: Step): void {
  const param = randomArray(length);
  const paramRef = param.slice();
  const state = Array.from({ length: states }, () => new Float64Array(length));
  const stateRef = Array.from({ length: states }, () => new Float64Array(length));
  for (let t = 1; t <= 20; t++) {
    const grad = randomArray(length, 0.1);
    update(param, state, grad, t);
    reference(paramRef, stateRef, grad, t);
    same(param, paramRef);
    state.forEach((s, k) => same(s, stateRef[k]));
  }
}

// The book's defaults, and Adam's bias-corrected rate as the optimizer computes it.
const lrT = (t: number) => (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);

describe('optimizer update kernels equal their naive twins bit for bit', () => {
  for (const n of [1, 3, 64, 1000]) {
    it(`momentumUpdate, ${n} values`, () => {
      expectSameSteps(
        n,
        1,
        (p, [v], g) => fast.momentumUpdate(p, v, g, 0.01, 0.9, n),
        (p, [v], g) => naive.momentumUpdateReference(p, v, g, 0.01, 0.9, n),
      );
    });

    it(`nesterovUpdate, ${n} values`, () => {
      expectSameSteps(
        n,
        1,
        (p, [v], g) => fast.nesterovUpdate(p, v, g, 0.01, 0.9, n),
        (p, [v], g) => naive.nesterovUpdateReference(p, v, g, 0.01, 0.9, n),
      );
    });

    it(`adaGradUpdate, ${n} values`, () => {
      expectSameSteps(
        n,
        1,
        (p, [h], g) => fast.adaGradUpdate(p, h, g, 0.01, n),
        (p, [h], g) => naive.adaGradUpdateReference(p, h, g, 0.01, n),
      );
    });

    it(`rmspropUpdate, ${n} values`, () => {
      expectSameSteps(
        n,
        1,
        (p, [h], g) => fast.rmspropUpdate(p, h, g, 0.01, 0.99, n),
        (p, [h], g) => naive.rmspropUpdateReference(p, h, g, 0.01, 0.99, n),
      );
    });

    it(`adamUpdate, ${n} values`, () => {
      expectSameSteps(
        n,
        2,
        (p, [m, v], g, t) => fast.adamUpdate(p, m, v, g, lrT(t), 0.9, 0.999, n),
        (p, [m, v], g, t) => naive.adamUpdateReference(p, m, v, g, lrT(t), 0.9, 0.999, n),
      );
    });
  }
});
