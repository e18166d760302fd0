// The optimizers' update rules, twins of src/core/kernels/optimizer-updates.ts: each element
// goes through the same operations in the same order, a vector of them at a time, so at float64
// the results equal the TypeScript kernels' bit for bit. Rates derived from the hyperparameters
// (1 - beta, momentum², (1 + momentum)·lr) are computed in float64, as there, then taken to T.

import { lanes } from './vectors';

/** The book's 1e-7 beside the root (ROOT_EPSILON). */
const ROOT_EPSILON: f64 = 1e-7;

// param, velocity, grad: (length) -> in place: velocity = momentum·velocity - lr·grad;
// param += velocity
export function momentumUpdate<T>(
  param: usize,
  velocity: usize,
  grad: usize,
  learningRate: T,
  momentum: f64,
  length: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const lr = v128.splat<T>(learningRate);
  const keep = v128.splat<T>(<T>momentum);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    const v = v128.sub<T>(
      v128.mul<T>(keep, v128.load(velocity + at)),
      v128.mul<T>(lr, v128.load(grad + at)),
    );
    v128.store(velocity + at, v);
    v128.store(param + at, v128.add<T>(v128.load(param + at), v));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    const v = <T>momentum * load<T>(velocity + at) - learningRate * load<T>(grad + at);
    store<T>(velocity + at, v);
    store<T>(param + at, load<T>(param + at) + v);
  }
}

// param, velocity, grad: (length) -> in place: param += momentum²·velocity;
// param -= (1 + momentum)·lr·grad; velocity *= momentum; velocity -= lr·grad
export function nesterovUpdate<T>(
  param: usize,
  velocity: usize,
  grad: usize,
  learningRate: T,
  momentum: f64,
  length: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const aheadValue = <T>(momentum * momentum);
  const stepValue = <T>((1 + momentum) * <f64>learningRate);
  const ahead = v128.splat<T>(aheadValue);
  const step = v128.splat<T>(stepValue);
  const keep = v128.splat<T>(<T>momentum);
  const lr = v128.splat<T>(learningRate);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    const g = v128.load(grad + at);
    const v = v128.load(velocity + at);
    let p = v128.add<T>(v128.load(param + at), v128.mul<T>(ahead, v));
    p = v128.sub<T>(p, v128.mul<T>(step, g));
    v128.store(param + at, p);
    v128.store(velocity + at, v128.sub<T>(v128.mul<T>(v, keep), v128.mul<T>(lr, g)));
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    const g = load<T>(grad + at);
    const v = load<T>(velocity + at);
    store<T>(param + at, load<T>(param + at) + aheadValue * v - stepValue * g);
    store<T>(velocity + at, v * <T>momentum - learningRate * g);
  }
}

// param, squares, grad: (length) -> in place: squares += grad²;
// param -= lr·grad / (√squares + 1e-7)   (AdaGrad's h)
export function adaGradUpdate<T>(
  param: usize,
  squares: usize,
  grad: usize,
  learningRate: T,
  length: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const lr = v128.splat<T>(learningRate);
  const epsilon = v128.splat<T>(<T>ROOT_EPSILON);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    const g = v128.load(grad + at);
    const h = v128.add<T>(v128.load(squares + at), v128.mul<T>(g, g));
    v128.store(squares + at, h);
    rootStep<T>(param + at, lr, g, h, epsilon);
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    const g = load<T>(grad + at);
    const h = load<T>(squares + at) + g * g;
    store<T>(squares + at, h);
    rootStepOne<T>(param + at, learningRate, g, h);
  }
}

// param, squares, grad: (length) -> in place: squares *= decayRate;
// squares += (1 - decayRate)·grad²; param -= lr·grad / (√squares + 1e-7)   (RMSprop's h)
export function rmspropUpdate<T>(
  param: usize,
  squares: usize,
  grad: usize,
  learningRate: T,
  decayRate: f64,
  length: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const restValue = <T>(1 - decayRate);
  const lr = v128.splat<T>(learningRate);
  const decay = v128.splat<T>(<T>decayRate);
  const rest = v128.splat<T>(restValue);
  const epsilon = v128.splat<T>(<T>ROOT_EPSILON);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    const g = v128.load(grad + at);
    let h = v128.mul<T>(v128.load(squares + at), decay);
    h = v128.add<T>(h, v128.mul<T>(v128.mul<T>(rest, g), g));
    v128.store(squares + at, h);
    rootStep<T>(param + at, lr, g, h, epsilon);
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    const g = load<T>(grad + at);
    const h = load<T>(squares + at) * <T>decayRate + restValue * g * g;
    store<T>(squares + at, h);
    rootStepOne<T>(param + at, learningRate, g, h);
  }
}

// param, moment, squares, grad: (length) -> in place: moment += (1 - beta1)·(grad - moment);
// squares += (1 - beta2)·(grad² - squares); param -= lrT·moment / (√squares + 1e-7)
// (Adam's m and v; learningRate is the step's bias-corrected lr_t)
export function adamUpdate<T>(
  param: usize,
  moment: usize,
  squares: usize,
  grad: usize,
  learningRate: T,
  beta1: f64,
  beta2: f64,
  length: i32,
): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const rest1Value = <T>(1 - beta1);
  const rest2Value = <T>(1 - beta2);
  const lr = v128.splat<T>(learningRate);
  const rest1 = v128.splat<T>(rest1Value);
  const rest2 = v128.splat<T>(rest2Value);
  const epsilon = v128.splat<T>(<T>ROOT_EPSILON);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    const g = v128.load(grad + at);
    let m = v128.load(moment + at);
    m = v128.add<T>(m, v128.mul<T>(rest1, v128.sub<T>(g, m)));
    v128.store(moment + at, m);
    let v = v128.load(squares + at);
    v = v128.add<T>(v, v128.mul<T>(rest2, v128.sub<T>(v128.mul<T>(g, g), v)));
    v128.store(squares + at, v);
    rootStep<T>(param + at, lr, m, v, epsilon);
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    const g = load<T>(grad + at);
    let m = load<T>(moment + at);
    m += rest1Value * (g - m);
    store<T>(moment + at, m);
    let v = load<T>(squares + at);
    v += rest2Value * (g * g - v);
    store<T>(squares + at, v);
    rootStepOne<T>(param + at, learningRate, m, v);
  }
}

// The step AdaGrad, RMSprop and Adam share: param -= lr·g / (√h + 1e-7), at one vector of
// param's address, and at one element.
function rootStep<T>(param: usize, lr: v128, g: v128, h: v128, epsilon: v128): void {
  const step = v128.div<T>(v128.mul<T>(lr, g), v128.add<T>(v128.sqrt<T>(h), epsilon));
  v128.store(param, v128.sub<T>(v128.load(param), step));
}

function rootStepOne<T>(param: usize, learningRate: T, g: T, h: T): void {
  store<T>(param, load<T>(param) - (learningRate * g) / (sqrt<T>(h) + <T>ROOT_EPSILON));
}
