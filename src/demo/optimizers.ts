// book 6.1.7 (fig. 6-8; ch06/optimizer_compare_naive.py): SGD, Momentum, AdaGrad and Adam on
// f(x, y) = x²/20 + y², a bowl stretched along x, each from (-7, 2) for 30 updates. The
// optimizers are the library's own (src/nn/optimizer.ts), the ones nn-train uses, on a params
// of two one-by-one matrices, x and y.

import { Matrix } from '../core/matrix.js';
import { AdaGrad, Adam, Momentum, SGD, type Optimizer } from '../nn/optimizer.js';

/** book 6.1.2: f(x, y) = x²/20 + y² (Python's x**2 is the correctly rounded x*x) */
export function bowl(x: number, y: number): number {
  return (x * x) / 20.0 + y * y;
}

/** The gradient of bowl, (x/10, 2y), written as the script's df. */
export function bowlGradient(x: number, y: number): [number, number] {
  return [x / 10.0, 2.0 * y];
}

export type OptimizerName = 'SGD' | 'Momentum' | 'AdaGrad' | 'Adam';

export interface OptimizerPath {
  name: OptimizerName;
  /** the optimizer's class and its settings, the script's learning rate among them */
  optimizer: {
    class: OptimizerName;
    lr: number;
    momentum?: number;
    beta1?: number;
    beta2?: number;
  };
  /** the position before each update, from the start: the points the figure draws */
  x: number[];
  y: number[];
  /** the position after the last update */
  end: [number, number];
}

export interface OptimizersDemo {
  init: [number, number];
  steps: number;
  runs: OptimizerPath[];
}

/** The script's four optimizers, with the learning rates it gives them. */
function bookOptimizers(): [OptimizerPath['optimizer'], Optimizer][] {
  const momentum = new Momentum(0.1);
  const adam = new Adam(0.3);
  return [
    [{ class: 'SGD', lr: 0.95 }, new SGD(0.95)],
    [{ class: 'Momentum', lr: momentum.learningRate, momentum: momentum.momentum }, momentum],
    [{ class: 'AdaGrad', lr: 1.5 }, new AdaGrad(1.5)],
    [{ class: 'Adam', lr: adam.learningRate, beta1: adam.beta1, beta2: adam.beta2 }, adam],
  ];
}

export function optimizersDemo(init: [number, number] = [-7.0, 2.0], steps = 30): OptimizersDemo {
  const runs = bookOptimizers().map(([settings, optimizer]): OptimizerPath => {
    const params = { x: Matrix.rowVector([init[0]]), y: Matrix.rowVector([init[1]]) };
    const grads = { x: new Matrix(1, 1), y: new Matrix(1, 1) };
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < steps; i++) {
      x.push(params.x.data[0]);
      y.push(params.y.data[0]);
      [grads.x.data[0], grads.y.data[0]] = bowlGradient(params.x.data[0], params.y.data[0]);
      optimizer.update(params, grads);
    }
    return {
      name: settings.class,
      optimizer: settings,
      x,
      y,
      end: [params.x.data[0], params.y.data[0]],
    };
  });
  return { init: [...init], steps, runs };
}
