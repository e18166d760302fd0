// Running a trained network over a whole split once and keeping what nn-eval reports from: each
// sample's predicted class and class probabilities, and the confusion matrix they make.

import { lookUpBytes } from '../core/kernels/lookup.js';
import { softmaxRows } from '../core/kernels/rows.js';
import { CLASS_COUNT, IMAGE_SIZE, PIXEL_SCALE, type MnistSplit } from '../data/dataset.js';
import type { Network } from '../nn/network.js';
import { EVAL_CHUNK_ROWS } from '../train/split-accuracy.js';
import { confusionMatrix, type ConfusionMatrix } from './confusion.js';
import { topK, type ClassProbability } from './mistakes.js';

export interface SplitEvaluation {
  /** (n) the class with the highest score, as the trainer's accuracy counts it. */
  readonly predictions: Uint8Array;
  /** (n, 10) softmax of the scores, row-major. */
  readonly probabilities: Float64Array;
  readonly confusion: ConfusionMatrix;
}

// split: n images -> predictions (n), probabilities (n, 10)
export function evaluateSplit(
  net: Network,
  split: MnistSplit,
  batchSize = EVAL_CHUNK_ROWS,
): SplitEvaluation {
  const n = split.count;
  const classes = net.outputSize;
  const predictions = new Uint8Array(n);
  const probabilities = new Float64Array(n * classes);
  // The input lives in the backend's memory, as the trainer's evaluation keeps it.
  const input = net.backend.allocate(Math.min(batchSize, n) * IMAGE_SIZE);
  const predicted = new Int32Array(Math.min(batchSize, n));
  net.reserve(Math.min(batchSize, n));
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    split.gatherRange(input, start, rows);
    // In test mode: batch norm's running statistics, dropout's scaling.
    const scores = net.forwardScores(input, rows);
    // Predictions come from the scores, not the probabilities, so that they are the very ones
    // the trainer's accuracy counted (softmax can round two close scores to one probability).
    net.backend.argmaxRows(predicted, scores, rows, classes);
    predictions.set(predicted.subarray(0, rows), start);
    softmaxRows(probabilities.subarray(start * classes), scores, rows, classes);
  }
  return {
    predictions,
    probabilities,
    confusion: confusionMatrix(split.labels, predictions, CLASS_COUNT),
  };
}

export interface ImageClassification {
  readonly predicted: number;
  readonly probabilities: Float64Array;
  readonly top: readonly ClassProbability[];
}

/** Classifies one image of IMAGE_SIZE bytes (0..255), normalised as the training data was. */
export function classifyImage(net: Network, pixels: Uint8Array, topCount = 3): ImageClassification {
  const input = net.backend.allocate(IMAGE_SIZE);
  lookUpBytes(input, 0, pixels, 0, IMAGE_SIZE, PIXEL_SCALE);
  net.reserve(1);
  const scores = net.forwardScores(input, 1);
  const predicted = new Int32Array(1);
  net.backend.argmaxRows(predicted, scores, 1, net.outputSize);
  const probabilities = new Float64Array(net.outputSize);
  softmaxRows(probabilities, scores, 1, net.outputSize);
  return { predicted: predicted[0], probabilities, top: topK(probabilities, topCount) };
}
