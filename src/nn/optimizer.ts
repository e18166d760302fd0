// The book's optimizers (6.1; common/optimizer.py): SGD, Momentum, Nesterov, AdaGrad, RMSprop
// and Adam, with the book's defaults. update(params, grads) changes each parameter in place, in
// the order of params' keys, so layers sharing the parameters see the new values. State (v, h,
// m) is created on the first update, one zero array per parameter, as the book's is. The loops
// are the backend's kernels (src/core/kernels/optimizer-updates.ts), given the network's backend
// so that they run where the weights live; the state is allocated there too.

import { jsBackend, type Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { powInteger } from '../core/pow.js';

/**
 * What an update reads of a parameter or a gradient: its values. A Matrix is one; the fast
 * path passes its float32 copies the same way.
 */
export interface ParamValues {
  readonly data: Floats;
  readonly size: number;
}

export interface Optimizer {
  update<K extends string>(params: Record<K, ParamValues>, grads: Record<K, ParamValues>): void;
}

/** Per-parameter state, keyed as the parameters are (the book's dict of zeros_like arrays). */
export type OptimizerState = Record<string, Floats>;

function checkLearningRate(learningRate: number): void {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`learning rate must be a positive number, got ${learningRate}`);
  }
}

function checkRate(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) throw new RangeError(`${name} must be in [0, 1), got ${value}`);
}

/** Calls step for each parameter in key order, with its gradient and its state arrays. */
function eachParam<K extends string>(
  params: Record<K, ParamValues>,
  grads: Record<K, ParamValues>,
  states: readonly OptimizerState[],
  step: (param: Floats, grad: Floats, state: Floats[], length: number) => void,
): void {
  for (const key of Object.keys(params) as K[]) {
    const param = params[key];
    const grad = grads[key];
    if (grad === undefined || grad.size !== param.size) {
      throw new RangeError(
        `gradient of ${key} has ${grad?.size ?? 0} values, expected ${param.size}`,
      );
    }
    const state = states.map((s) => {
      if (s[key]?.length !== param.size) {
        throw new RangeError(`optimizer state has no ${param.size} values for ${key}`);
      }
      return s[key];
    });
    step(param.data, grad.data, state, param.size);
  }
}

/** np.zeros_like of every parameter: in the backend's memory, at the parameter's precision. */
function zerosLike(params: Record<string, ParamValues>, backend: Backend): OptimizerState {
  return Object.fromEntries(
    Object.entries(params).map(([k, p]) => [
      k,
      p.data instanceof Float32Array ? backend.allocateFloat32(p.size) : backend.allocate(p.size),
    ]),
  );
}

/** Stochastic gradient descent: W -= lr · ∂L/∂W (book 6.1.2). */
export class SGD implements Optimizer {
  /** backend: whose kernel takes the step (the network's, so that it runs where the weights are). */
  constructor(
    readonly learningRate = 0.01,
    private readonly backend: Backend = jsBackend,
  ) {
    checkLearningRate(learningRate);
  }

  update<K extends string>(params: Record<K, ParamValues>, grads: Record<K, ParamValues>): void {
    // params[key] -= lr * grads[key]
    eachParam(params, grads, [], (param, grad, _, n) =>
      this.backend.sgdStep(param, grad, this.learningRate, n),
    );
  }
}

/** Momentum (book 6.1.4): v = momentum·v - lr·∂L/∂W; W += v. */
export class Momentum implements Optimizer {
  v: OptimizerState | null = null;

  /** backend: whose kernels take the steps and hold the state (the network's). */
  constructor(
    readonly learningRate = 0.01,
    readonly momentum = 0.9,
    protected readonly backend: Backend = jsBackend,
  ) {
    checkLearningRate(learningRate);
    checkRate('momentum', momentum);
  }

  update<K extends string>(params: Record<K, ParamValues>, grads: Record<K, ParamValues>): void {
    this.v ??= zerosLike(params, this.backend);
    eachParam(params, grads, [this.v], (param, grad, [v], n) =>
      this.rule(param, v, grad, this.learningRate, this.momentum, n),
    );
  }

  /** The update rule; Nesterov's differs only here. */
  protected get rule(): Backend['momentumUpdate'] {
    return this.backend.momentumUpdate;
  }
}

/**
 * Nesterov's accelerated gradient (arXiv:1212.0901), the book's form of Momentum looking ahead:
 * W += momentum²·v; W -= (1 + momentum)·lr·∂L/∂W; v = momentum·v - lr·∂L/∂W.
 */
export class Nesterov extends Momentum {
  protected override get rule(): Backend['nesterovUpdate'] {
    return this.backend.nesterovUpdate;
  }
}

/** AdaGrad (book 6.1.5): h += (∂L/∂W)²; W -= lr·∂L/∂W / (√h + 1e-7). */
export class AdaGrad implements Optimizer {
  h: OptimizerState | null = null;

  constructor(
    readonly learningRate = 0.01,
    private readonly backend: Backend = jsBackend,
  ) {
    checkLearningRate(learningRate);
  }

  update<K extends string>(params: Record<K, ParamValues>, grads: Record<K, ParamValues>): void {
    this.h ??= zerosLike(params, this.backend);
    eachParam(params, grads, [this.h], (param, grad, [h], n) =>
      this.backend.adaGradUpdate(param, h, grad, this.learningRate, n),
    );
  }
}

/** RMSprop: h = decayRate·h + (1 - decayRate)·(∂L/∂W)²; W -= lr·∂L/∂W / (√h + 1e-7). */
export class RMSprop implements Optimizer {
  h: OptimizerState | null = null;

  constructor(
    readonly learningRate = 0.01,
    readonly decayRate = 0.99,
    private readonly backend: Backend = jsBackend,
  ) {
    checkLearningRate(learningRate);
    checkRate('decay rate', decayRate);
  }

  update<K extends string>(params: Record<K, ParamValues>, grads: Record<K, ParamValues>): void {
    this.h ??= zerosLike(params, this.backend);
    eachParam(params, grads, [this.h], (param, grad, [h], n) =>
      this.backend.rmspropUpdate(param, h, grad, this.learningRate, this.decayRate, n),
    );
  }
}

/**
 * Adam (book 6.1.6; arXiv:1412.6980), the book's form: with t the update's number,
 * lr_t = lr·√(1 - beta2^t) / (1 - beta1^t), m += (1 - beta1)(g - m), v += (1 - beta2)(g² - v),
 * W -= lr_t·m / (√v + 1e-7).
 */
export class Adam implements Optimizer {
  iter = 0;
  /** lr_t of the last update (NaN before the first). */
  stepSize = NaN;
  m: OptimizerState | null = null;
  v: OptimizerState | null = null;

  constructor(
    readonly learningRate = 0.001,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    private readonly backend: Backend = jsBackend,
  ) {
    checkLearningRate(learningRate);
    checkRate('beta1', beta1);
    checkRate('beta2', beta2);
  }

  update<K extends string>(params: Record<K, ParamValues>, grads: Record<K, ParamValues>): void {
    this.m ??= zerosLike(params, this.backend);
    this.v ??= zerosLike(params, this.backend);
    this.iter += 1;
    // beta ** t correctly rounded: V8's ** is off in the last place (see src/core/pow.ts).
    const { learningRate: lr, beta1, beta2, iter } = this;
    const lrT = (lr * Math.sqrt(1.0 - powInteger(beta2, iter))) / (1.0 - powInteger(beta1, iter));
    this.stepSize = lrT;
    eachParam(params, grads, [this.m, this.v], (param, grad, [m, v], n) =>
      this.backend.adamUpdate(param, m, v, grad, lrT, beta1, beta2, n),
    );
  }
}
