import { describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/core/backend.js';
import { ConfigError } from '../../src/core/errors.js';
import { AdaGrad, Adam, Momentum, Nesterov, RMSprop, SGD } from '../../src/nn/optimizer.js';
import {
  createOptimizer,
  OPTIMIZER_NAMES,
  optimizerSpecFrom,
  type OptimizerOptions,
} from '../../src/train/optimizer-config.js';

describe('optimizerSpecFrom', () => {
  it("takes common/optimizer.py's class defaults, and the chapter-4 script's lr 0.1 for SGD", () => {
    expect(OPTIMIZER_NAMES.map((optimizer) => optimizerSpecFrom({ optimizer }))).toEqual([
      { class: 'SGD', learningRate: 0.1 },
      { class: 'Momentum', learningRate: 0.01, momentum: 0.9 },
      { class: 'Nesterov', learningRate: 0.01, momentum: 0.9 },
      { class: 'AdaGrad', learningRate: 0.01 },
      { class: 'RMSprop', learningRate: 0.01, decayRate: 0.99 },
      { class: 'Adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999 },
    ]);
    expect(optimizerSpecFrom({})).toEqual({ class: 'SGD', learningRate: 0.1 });
    expect(optimizerSpecFrom({ optimizer: 'nesterov', lr: 0.05, momentum: 0.5 })).toEqual({
      class: 'Nesterov',
      learningRate: 0.05,
      momentum: 0.5,
    });
  });

  const refusals: [OptimizerOptions, string][] = [
    [
      { optimizer: 'adamw' },
      '--optimizer adamw: not one of sgd, momentum, nesterov, adagrad, rmsprop, adam',
    ],
    [{ lr: 0 }, '--lr 0: must be a number greater than 0'],
    [{ lr: Infinity }, '--lr Infinity: must be a number greater than 0'],
    [
      { optimizer: 'adam', momentum: 0.9 },
      '--momentum applies to momentum and nesterov, not to adam',
    ],
    [{ momentum: 0.9 }, '--momentum applies to momentum and nesterov, not to sgd'],
    [{ optimizer: 'momentum', momentum: 1 }, '--momentum 1: must be at least 0 and below 1'],
  ];
  for (const [options, message] of refusals) {
    it(`refuses ${JSON.stringify(options)}: "${message}"`, () => {
      expect(() => optimizerSpecFrom(options)).toThrow(ConfigError);
      expect(() => optimizerSpecFrom(options)).toThrow(message);
    });
  }
});

describe('createOptimizer', () => {
  it("builds the book's class with the spec's arguments", () => {
    const build = (optimizer: string, extra: OptimizerOptions = {}) =>
      createOptimizer(optimizerSpecFrom({ optimizer, ...extra }), jsBackend);
    expect(build('sgd')).toEqual(new SGD(0.1, jsBackend));
    expect(build('momentum', { momentum: 0.5 })).toEqual(new Momentum(0.01, 0.5));
    expect(build('nesterov')).toBeInstanceOf(Nesterov);
    expect(build('nesterov')).toEqual(new Nesterov(0.01, 0.9));
    expect(build('adagrad', { lr: 0.2 })).toEqual(new AdaGrad(0.2));
    expect(build('rmsprop')).toEqual(new RMSprop(0.01, 0.99));
    expect(build('adam')).toEqual(new Adam(0.001, 0.9, 0.999));
  });

  // Each optimizer must run its step, and keep its state, on the backend it is given: where
  // the weights live. Given the default instead, the fast path's updates silently ran the
  // TypeScript twins (the same bits, slower), and no number could show it.
  it.each(OPTIMIZER_NAMES)('gives %s the backend for its step and its state', (optimizer) => {
    const calls: string[] = [];
    const recording = new Proxy(jsBackend, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const update = createOptimizer(optimizerSpecFrom({ optimizer }), recording);
    const param = { data: new Float64Array([1, 2, 3]), size: 3 };
    const grad = { data: new Float64Array([0.5, -0.5, 0.25]), size: 3 };
    update.update({ W: param }, { W: grad });
    const step =
      optimizer === 'sgd' ? 'sgdStep' : `${optimizer === 'adagrad' ? 'adaGrad' : optimizer}Update`;
    expect(calls).toContain(step);
    const states = { sgd: 0, momentum: 1, nesterov: 1, adagrad: 1, rmsprop: 1, adam: 2 }[optimizer];
    expect(calls.filter((call) => call === 'allocate')).toHaveLength(states);
  });
});
