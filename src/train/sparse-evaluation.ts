// What the fused steps share: MNIST as sparse rows in the backend's memory, and the accuracy
// passes over them, on this thread (threads 1) or on threads - 1 workers alongside training.

import type { Backend, Placement } from '../core/backend.js';
import { IMAGE_SIZE, PIXEL_SCALE, type MnistSplit } from '../data/dataset.js';
import {
  InlineEvaluator,
  ParallelEvaluator,
  type AccuracyEvaluator,
  type SparseSplit,
} from '../fast/parallel-evaluator.js';
import type { Precision } from '../fast/precision.js';
import type { ForwardShape, ForwardValues } from '../fast/sparse-forward.js';
import { sparseRowsFromBytes } from '../fast/sparse-rows.js';
import type { TrainingStep } from './training-step.js';

/** The training and the test set as sparse rows, read in place by kernels and workers alike. */
export function sparseSplits(
  train: MnistSplit,
  test: MnistSplit,
  placement: Placement,
): readonly [SparseSplit, SparseSplit] {
  return [sparseSplit(train, placement), sparseSplit(test, placement)];
}

export interface EvaluatorSetting {
  backend: Backend;
  precision: Precision;
  threads: number;
  shape: ForwardShape;
}

/** Evaluation on this thread (threads 1), or on threads - 1 workers alongside training. */
export function evaluatorFor(
  { backend, precision, threads, shape }: EvaluatorSetting,
  splits: readonly [SparseSplit, SparseSplit],
): AccuracyEvaluator {
  const options = { backend, precision, shape };
  if (threads <= 1) return new InlineEvaluator(options, splits);
  return new ParallelEvaluator({ ...options, threads: threads - 1 }, splits);
}

/**
 * The evaluation half of a fused TrainingStep: the accuracy passes over the values the step
 * trains (read at each call), on this thread at once or by the workers later.
 */
export function evaluationOf(
  evaluator: AccuracyEvaluator,
  values: ForwardValues,
): Pick<TrainingStep, 'accuracies' | 'passMs' | 'isEvaluatedInline' | 'helpFromNowOn' | 'close'> {
  return {
    accuracies(isIdle) {
      return evaluator.evaluateNow
        ? evaluator.evaluateNow(values)
        : evaluator.evaluate(values, isIdle);
    },
    passMs: evaluator.passMs,
    isEvaluatedInline: evaluator.evaluateNow !== undefined,
    helpFromNowOn: () => evaluator.helpFromNowOn?.(),
    close: () => evaluator.close(),
  };
}

/** A split's images as sparse rows, pixels scaled as the book's load_mnist does. */
function sparseSplit(split: MnistSplit, placement: Placement): SparseSplit {
  return {
    rows: sparseRowsFromBytes(split.images, IMAGE_SIZE, PIXEL_SCALE, placement),
    labels: split.labels,
  };
}
