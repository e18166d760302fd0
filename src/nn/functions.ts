// The book's activation and loss functions (common/functions.py; book 3.2, 3.5, 4.2) as ops
// over Matrix. The loops live in src/core/kernels/; these say what the numbers mean: shapes,
// the 1-D-is-a-batch-of-one rule, and how targets are read.

import { reluForward, sigmoidForward } from '../core/kernels/elementwise.js';
import { argmaxRows, crossEntropyRows, softmaxRows } from '../core/kernels/rows.js';
import { pairwiseSum } from '../core/kernels/sums.js';
import { Matrix, shapeString } from '../core/matrix.js';

/** A batch as a matrix, or one sample as a flat list (read as a batch of one). */
export type BatchInput = Matrix | ArrayLike<number>;

/** The book's delta in cross_entropy_error: keeps log(0) finite when a probability is 0. */
export const CROSS_ENTROPY_DELTA = 1e-7;

export function asBatch(x: BatchInput): Matrix {
  return x instanceof Matrix ? x : Matrix.rowVector(x);
}

/** 1 / (1 + exp(-x)), elementwise. */
export function sigmoid(x: BatchInput): Matrix {
  const input = asBatch(x);
  const out = new Matrix(input.rows, input.cols);
  sigmoidForward(out.data, input.data, input.size);
  return out;
}

/** max(0, x), elementwise. */
export function relu(x: BatchInput): Matrix {
  const input = asBatch(x);
  const out = new Matrix(input.rows, input.cols);
  reluForward(out.data, input.data, input.size);
  return out;
}

/** Row-wise softmax; each row's maximum is subtracted first so exp never overflows (book 3.5.2). */
export function softmax(x: BatchInput): Matrix {
  const input = asBatch(x);
  const out = new Matrix(input.rows, input.cols);
  softmaxRows(out.data, input.data, input.rows, input.cols);
  return out;
}

/** 0.5 * sum((y - t)^2) over every element (book 4.2.1). */
export function sumSquaresError(y: BatchInput, t: BatchInput): number {
  const output = asBatch(y);
  const target = asBatch(t);
  if (output.size !== target.size) {
    throw new RangeError(
      `sumSquaresError: shapes ${shapeString(output)} and ${shapeString(target)} differ`,
    );
  }
  const squares = new Float64Array(output.size);
  for (let i = 0; i < squares.length; i++) {
    const d = output.data[i] - target.data[i];
    squares[i] = d * d;
  }
  return 0.5 * pairwiseSum(squares);
}

/**
 * Labels from a target: a one-hot target (as many values as y) becomes its row argmax, as the
 * book's cross_entropy_error does; otherwise t must hold one class index per row of y.
 */
function targetLabels(output: Matrix, t: BatchInput): Int32Array {
  const target = asBatch(t);
  const labels = new Int32Array(output.rows);
  if (target.size === output.size) {
    argmaxRows(labels, target.data, output.rows, output.cols);
    return labels;
  }
  if (target.size !== output.rows) {
    throw new RangeError(
      `crossEntropyError: target of shape ${shapeString(target)} is neither one-hot for ` +
        `${shapeString(output)} nor one label per row`,
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const label = target.data[i];
    if (!Number.isInteger(label) || label < 0 || label >= output.cols) {
      throw new RangeError(
        `crossEntropyError: label ${label} is not a class in 0..${output.cols - 1}`,
      );
    }
    labels[i] = label;
  }
  return labels;
}

/** -sum(log(y[label] + 1e-7)) / batch size, for one-hot or label-index targets (book 4.2.4). */
export function crossEntropyError(y: BatchInput, t: BatchInput): number {
  const output = asBatch(y);
  const labels = targetLabels(output, t);
  return crossEntropyRows(output.data, labels, output.rows, output.cols, CROSS_ENTROPY_DELTA);
}
