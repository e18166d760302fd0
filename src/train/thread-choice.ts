// How many threads a run uses when it is not told: the machine's cores when its accuracy passes
// add up to enough work to repay starting the worker threads, else one. Starting a worker costs
// much the same whatever the run (Node, the modules, WebAssembly, its view of the data), while
// the passes it takes off the training thread cost images × the network's multiply-adds, once
// per evaluation; so a run of 1000 and 500 images for a few hundred iterations evaluates in less
// time than a worker takes to start, while the book's run (70 000 images, 18 times) keeps every
// core busy. BLAS libraries decide the same way, by size.

import { bookEvalEvery, isEvaluationIteration } from './config.js';

/** MNIST images have about 150 lit pixels of 784: the input layer's products skip the rest. */
const LIT_PIXELS = 150;

/**
 * The evaluation work, in multiply-adds, from which threads pay. A core does about 3·10^9 of them
 * a second in the passes, and a worker costs 0.05 s (1500 images) to 0.17 s (all 70 000) of CPU to
 * start; this is a third of a second of passes, two to six times that, so that a run near the
 * line loses little either way: on an idle machine, where a worker saves time, or on a busy one,
 * where it only costs.
 */
export const THREADED_EVALUATION_WORK = 1e9;

/** What decides the work of a run's accuracy passes. */
export interface EvaluationLoad {
  /** Layer widths from input to output: [784, 50, 10] for the chapter's TwoLayerNet. */
  layerSizes: readonly number[];
  iters: number;
  /** Iterations between evaluations (the book's epoch unless --eval-every). */
  evalEvery: number;
  /** Images each pass scores: the training and the test samples the run uses. */
  images: number;
}

/** Multiply-adds of one image's forward pass, its input layer over the lit pixels only. */
export function multiplyAddsPerImage(layerSizes: readonly number[]): number {
  let count = Math.min(LIT_PIXELS, layerSizes[0]) * layerSizes[1];
  for (let i = 2; i < layerSizes.length; i++) count += layerSizes[i - 1] * layerSizes[i];
  return count;
}

/**
 * The run's evaluations: after each iteration i with i % evalEvery == 0, and a final one unless
 * the last iteration was evaluated.
 */
export function evaluationPasses(iters: number, evalEvery: number): number {
  const final = isEvaluationIteration(iters - 1, evalEvery) ? 0 : 1;
  return evaluatedIterations(iters, evalEvery) + final;
}

function evaluatedIterations(iters: number, evalEvery: number): number {
  if (Number.isInteger(evalEvery)) return Math.floor((iters - 1) / evalEvery) + 1;
  // A fractional epoch (1000 / 300) evaluates only where a multiple of it is exactly whole: the
  // remainder is exact, so i % evalEvery is 0 only where i is k·evalEvery to the bit, and then
  // the product k * evalEvery is i. Often that is iteration 0 alone.
  let count = 0;
  for (let k = 0; k * evalEvery < iters; k++) {
    const i = k * evalEvery;
    if (Number.isInteger(i) && isEvaluationIteration(i, evalEvery)) count++;
  }
  return count;
}

export function evaluationWork(load: EvaluationLoad): number {
  const passes = evaluationPasses(load.iters, load.evalEvery);
  return passes * load.images * multiplyAddsPerImage(load.layerSizes);
}

/**
 * Threads for a run not told how many: `cores` when it evaluates on worker threads (the fused
 * step) and its passes come to THREADED_EVALUATION_WORK or more, else 1.
 */
export function defaultThreads(load: EvaluationLoad, cores: number, isFused: boolean): number {
  if (!isFused || cores <= 1) return 1;
  return evaluationWork(load) >= THREADED_EVALUATION_WORK ? cores : 1;
}

/** The book's epoch as nn-train counts it before the data loads: a batch no larger than the set. */
export function evalEveryOf(trainSize: number, batchSize: number, evalEvery?: number): number {
  return evalEvery ?? bookEvalEvery(trainSize, Math.min(batchSize, trainSize));
}
