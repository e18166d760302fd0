// Which optimizer a run updates the parameters with (book 6.1; common/optimizer.py), named as
// common/trainer.py names them (sgd, momentum, nesterov, adagrad, rmsprop, adam), with the
// book's class defaults, except SGD's learning rate: 0.1, the chapter-4 script's.

import type { Backend } from '../core/backend.js';
import { ConfigError } from '../core/errors.js';
import {
  AdaGrad,
  Adam,
  Momentum,
  Nesterov,
  RMSprop,
  SGD,
  type Optimizer,
} from '../nn/optimizer.js';

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adam',
];

/** The optimizer's class and every argument it was built with. */
export type OptimizerSpec =
  | { readonly class: 'SGD'; readonly learningRate: number }
  | {
      readonly class: 'Momentum' | 'Nesterov';
      readonly learningRate: number;
      readonly momentum: number;
    }
  | { readonly class: 'AdaGrad'; readonly learningRate: number }
  | { readonly class: 'RMSprop'; readonly learningRate: number; readonly decayRate: number }
  | {
      readonly class: 'Adam';
      readonly learningRate: number;
      readonly beta1: number;
      readonly beta2: number;
    };

/** Each optimizer's class and its default learning rate. */
export const OPTIMIZER_DEFAULTS: Readonly<
  Record<OptimizerName, { class: OptimizerSpec['class']; learningRate: number }>
> = Object.freeze({
  // ch04/train_neuralnet.py's learning_rate; the class's own default is 0.01.
  sgd: { class: 'SGD', learningRate: 0.1 },
  momentum: { class: 'Momentum', learningRate: 0.01 },
  nesterov: { class: 'Nesterov', learningRate: 0.01 },
  adagrad: { class: 'AdaGrad', learningRate: 0.01 },
  rmsprop: { class: 'RMSprop', learningRate: 0.01 },
  adam: { class: 'Adam', learningRate: 0.001 },
});

export interface OptimizerOptions {
  optimizer?: string;
  lr?: number;
  momentum?: number;
}

/** The optimizer the options describe, book defaults filled in; ConfigError if none. */
export function optimizerSpecFrom(options: OptimizerOptions): OptimizerSpec {
  const name = options.optimizer ?? 'sgd';
  if (!OPTIMIZER_NAMES.includes(name as OptimizerName)) {
    throw new ConfigError(`--optimizer ${name}: not one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  const defaults = OPTIMIZER_DEFAULTS[name as OptimizerName];
  const { lr, momentum } = options;
  if (lr !== undefined && !(lr > 0 && Number.isFinite(lr))) {
    throw new ConfigError(`--lr ${lr}: must be a number greater than 0`);
  }
  const learningRate = lr ?? defaults.learningRate;
  if (momentum !== undefined) {
    if (defaults.class !== 'Momentum' && defaults.class !== 'Nesterov') {
      throw new ConfigError(`--momentum applies to momentum and nesterov, not to ${name}`);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new ConfigError(`--momentum ${momentum}: must be at least 0 and below 1`);
    }
  }
  switch (defaults.class) {
    case 'Momentum':
    case 'Nesterov':
      return { class: defaults.class, learningRate, momentum: momentum ?? 0.9 };
    case 'RMSprop':
      return { class: 'RMSprop', learningRate, decayRate: 0.99 };
    case 'Adam':
      return { class: 'Adam', learningRate, beta1: 0.9, beta2: 0.999 };
    default:
      return { class: defaults.class, learningRate };
  }
}

/** A fresh optimizer of the spec; its steps and state on `backend`, where the weights live. */
export function createOptimizer(spec: OptimizerSpec, backend: Backend): Optimizer {
  switch (spec.class) {
    case 'SGD':
      return new SGD(spec.learningRate, backend);
    case 'Momentum':
      return new Momentum(spec.learningRate, spec.momentum, backend);
    case 'Nesterov':
      return new Nesterov(spec.learningRate, spec.momentum, backend);
    case 'AdaGrad':
      return new AdaGrad(spec.learningRate, backend);
    case 'RMSprop':
      return new RMSprop(spec.learningRate, spec.decayRate, backend);
    case 'Adam':
      return new Adam(spec.learningRate, spec.beta1, spec.beta2, backend);
  }
}
