// What the fused steps share: MNIST as sparse rows in the backend's memory, and the accuracy
// passes over them, on this thread (threads 1) or on threads - 1 workers alongside training.

import type { Backend, Placement } from '../core/backend.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import { IMAGE_SIZE, PIXEL_SCALE, type MnistSplit } from '../data/dataset.js';
import {
  InlineEvaluator,
  ParallelEvaluator,
  type AccuracyEvaluator,
  type SparseSplit,
} from '../fast/parallel-evaluator.js';
import type { Precision } from '../fast/precision.js';
import type { ForwardShape, ForwardValues } from '../fast/sparse-forward.js';
import { placeRows, sparseRowsFromBytes } from '../fast/sparse-rows.js';
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
  return { rows: placedRows(rowsOf(split.images), placement), labels: split.labels };
}

// Each set's rows, scanned once from its pixels (which never change once loaded), then copied
// into each backend's memory: every run of nn-compare, and every network of a shared-batch
// stage, trains on the same images, and a copy of all 70 000 costs a small part of a scan.
const scanned = new WeakMap<ArrayBufferLike, Map<string, SparseRows>>();

function rowsOf(images: Uint8Array): SparseRows {
  let byRange = scanned.get(images.buffer);
  if (byRange === undefined) {
    byRange = new Map();
    scanned.set(images.buffer, byRange);
  }
  const range = `${images.byteOffset}+${images.length}`;
  let rows = byRange.get(range);
  if (rows === undefined) {
    rows = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);
    byRange.set(range, rows);
  }
  return rows;
}

// And copied once per memory: the networks a shared-batch stage trains side by side on one
// backend read the same copy (~32 MB for the training set), which nothing writes.
const placed = new WeakMap<Placement, WeakMap<SparseRows, SparseRows>>();

function placedRows(rows: SparseRows, placement: Placement): SparseRows {
  let copies = placed.get(placement);
  if (copies === undefined) {
    copies = new WeakMap();
    placed.set(placement, copies);
  }
  let copy = copies.get(rows);
  if (copy === undefined) {
    copy = placeRows(rows, placement);
    copies.set(rows, copy);
  }
  return copy;
}
