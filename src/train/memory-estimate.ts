// How much memory a training run will need, counted before anything is allocated, so that a
// size that cannot fit is refused in a second rather than found out after minutes of swapping.
//
// Counted from what the run allocates and touches, part by part:
// - parameters: the network's, in float64, and the float32 copies a --precision f32 run trains;
// - batch activations: four (batch, hidden) buffers per hidden layer and three (batch, output)
//   for the fused step's forward and backward pass; for chapter 6's networks, two per hidden
//   layer, three more with batch norm and two with dropout, two of the widest for the gradient
//   flowing down, and the gradients and the optimizer's state, at the step's precision;
// - evaluation: each evaluation thread's copy of the parameters and its 500-row hidden chunk,
//   the copies in flight to the threads (two passes' worth), and this thread's own forward pass;
// - the loss of every iteration (8 bytes each);
// - saving: the model as numbers, as JSON text and as its UTF-8 bytes, at the end of the run.
// The layers' gradient buffers are allocated but never touched by the fused step, so they cost
// address space, not memory; the WebAssembly reservation holds the first 256 MB of the buffers
// above, so it adds nothing of its own. A run that takes the book's step (--step book, TwoLayerNet
// with another optimizer than SGD, numerical gradients of chapter 6's networks) holds instead, on
// this thread: the gradients, the optimizer's state, the dense batch, and every layer's buffers
// for the larger of the batch and the 1000-row evaluation chunk. A margin covers what this misses
// (collector lag, engine heaps). Against the peak resident memory of real runs (2 000 to 30 000 hidden units, one or
// two threads, f64 and f32, with and without --save) the estimate came within -17% and +12%.

import type { GradMode } from './config.js';
import { FORWARD_CHUNK_ROWS } from '../fast/sparse-forward.js';
import type { Precision } from '../fast/precision.js';

const MB = 1024 * 1024;
/** Node, the modules and the raw MNIST files (55 MB). */
const PROCESS_BYTES = 120 * MB;
/** One MNIST image as sparse rows: ~150 lit pixels of 3 bytes, and its row start. */
const SPARSE_ROW_BYTES = 512;
/** An evaluation thread's own engine and WebAssembly instance. */
const THREAD_BYTES = 16 * MB;
/** Evaluation passes whose parameter copies can be in flight at once. */
const PASSES_IN_FLIGHT = 2;
const MARGIN = 1.15;

/** Characters of one parameter in a model file, comma included: 21.7 on average, 26 at most. */
export const MODEL_BYTES_PER_PARAMETER = { typical: 22, most: 26 } as const;
/** The longest string V8 makes (2^29 - 24 characters): a model file is written as one. */
export const MAX_MODEL_FILE_BYTES = 2 ** 29 - 24;

export interface TrainingFootprint {
  /** Layer widths from input to output: [784, 50, 10] for the chapter's TwoLayerNet. */
  layerSizes: readonly number[];
  batchSize: number;
  iters: number;
  precision: Precision;
  /** Threads of the run: one trains, each of the others evaluates with its own copy. */
  threads: number;
  grad: GradMode;
  /** Samples the run uses: they are held as sparse rows. */
  samples: number;
  isSaved: boolean;
  /** Present when the run takes the book's step rather than the fused one. */
  bookStep?: StepFootprint;
  /** Present when the fused step trains MultiLayerNet(Extend) (src/train/deep-step.ts). */
  deepStep?: StepFootprint;
}

/** What the book's step, or the fused step of a deep network, holds beyond the parameters. */
export interface StepFootprint {
  /** Arrays per parameter the optimizer keeps: 0 for SGD, 1 for Momentum … RMSprop, 2 for Adam. */
  optimizerStates: number;
  /** A BatchNormalization layer after each hidden Affine (γ, β and four buffers a row). */
  batchNorm: boolean;
  /** A Dropout layer after each hidden activation (three buffers a row). */
  dropout: boolean;
}

/** Rows the book's step evaluates at once (src/train/split-accuracy.ts EVAL_CHUNK_ROWS). */
const BOOK_EVAL_ROWS = 1000;

export interface MemoryPart {
  what: string;
  bytes: number;
}

export interface MemoryEstimate {
  /** The peak: the fixed part and the larger of the training and the saving phase. */
  bytes: number;
  /** What the training phase holds and, apart, what saving takes, largest first. */
  parts: MemoryPart[];
}

/** The weights of every layer, without the biases. */
function weightCount(layerSizes: readonly number[]): number {
  let count = 0;
  for (let i = 1; i < layerSizes.length; i++) count += layerSizes[i - 1] * layerSizes[i];
  return count;
}

/** Weights and biases of every layer. */
export function parameterCount(layerSizes: readonly number[]): number {
  return weightCount(layerSizes) + layerSizes.slice(1).reduce((sum, size) => sum + size, 0);
}

export function trainingMemory(run: TrainingFootprint): MemoryEstimate {
  const parts = run.bookStep ? bookStepParts(run, run.bookStep) : fusedStepParts(run);
  const n = parameterCount(run.layerSizes);
  const workers = run.bookStep ? 0 : run.threads - 1;
  const training = parts.reduce((sum, part) => sum + part.bytes, 0);
  // At the end: the network, its parameters as lists of numbers, and the file as text being
  // built, as one string and as bytes.
  const saving = run.isSaved ? 24 * n + 3 * MODEL_BYTES_PER_PARAMETER.typical * n : 0;
  if (run.isSaved) parts.push({ what: 'saving the model', bytes: saving });
  parts.sort((a, b) => b.bytes - a.bytes);
  const fixed = PROCESS_BYTES + SPARSE_ROW_BYTES * run.samples + THREAD_BYTES * workers;
  return { bytes: fixed + MARGIN * Math.max(training, saving), parts };
}

function fusedStepParts(run: TrainingFootprint): MemoryPart[] {
  const n = parameterCount(run.layerSizes);
  const hidden = run.layerSizes.slice(1, -1).reduce((sum, size) => sum + size, 0);
  const output = run.layerSizes[run.layerSizes.length - 1];
  const width = run.precision === 'f32' ? 4 : 8;
  const workers = run.threads - 1;
  const forward = width * (n + FORWARD_CHUNK_ROWS * hidden);
  const deep = run.deepStep;
  return [
    { what: 'parameters', bytes: 8 * n + (width === 4 ? 4 * n : 0) },
    ...(deep === undefined
      ? [
          run.grad === 'numerical'
            ? { what: 'gradients', bytes: 8 * n }
            : {
                what: 'batch activations',
                bytes: width * run.batchSize * (4 * hidden + 3 * output),
              },
        ]
      : deepStepParts(run, deep, width)),
    {
      what: workers === 0 ? 'the evaluation pass' : 'copies for the evaluation threads',
      bytes:
        workers === 0
          ? forward
          : workers * forward + forward + PASSES_IN_FLIGHT * (1 + workers) * width * n,
    },
    { what: 'losses', bytes: 8 * run.iters },
  ];
}

/** The fused step of MultiLayerNet(Extend) (src/fast/fused-deep-step.ts): its buffers. */
function deepStepParts(run: TrainingFootprint, deep: StepFootprint, width: number): MemoryPart[] {
  const sizes = run.layerSizes;
  const n = parameterCount(sizes);
  const hiddenSizes = sizes.slice(1, -1);
  const hidden = hiddenSizes.reduce((sum, size) => sum + size, 0);
  const output = sizes[sizes.length - 1];
  const perHidden = 2 + (deep.batchNorm ? 3 : 0) + (deep.dropout ? 2 : 0);
  const perRow = perHidden * hidden + 2 * Math.max(...hiddenSizes) + 3 * output;
  // A float32 step draws dropout's masks in float64 first.
  const draws = deep.dropout && width === 4 ? 8 * run.batchSize * hidden : 0;
  return [
    {
      // The gradients (dW apart from dW + λW), the optimizer's state.
      what: 'gradients and optimizer state',
      bytes: width * (n + weightCount(sizes) + deep.optimizerStates * n),
    },
    { what: 'batch activations', bytes: width * run.batchSize * perRow + draws },
  ];
}

function bookStepParts(run: TrainingFootprint, book: StepFootprint): MemoryPart[] {
  const sizes = run.layerSizes;
  const n = parameterCount(sizes);
  const hiddenSizes = sizes.slice(1, -1);
  const hidden = hiddenSizes.reduce((sum, size) => sum + size, 0);
  const output = sizes[sizes.length - 1];
  const normalization = book.batchNorm ? 2 * hidden : 0;
  const rows = Math.max(run.batchSize, BOOK_EVAL_ROWS);
  // A row's values in every layer: each Affine's output and input gradient, each activation's
  // output and gradient, batch norm's four and dropout's three, softmax's two over the classes.
  const perHidden = 4 + (book.batchNorm ? 4 : 0) + (book.dropout ? 3 : 0);
  const affineInputs = sizes.slice(0, -1).reduce((sum, size) => sum + size, 0);
  const perRow = perHidden * hidden + affineInputs + 3 * output;
  return [
    { what: 'parameters', bytes: 8 * (n + normalization) },
    {
      // Each weight's gradient twice (dW and dW + λW), the biases', batch norm's, the state.
      what: 'gradients and optimizer state',
      bytes: 8 * (n + weightCount(sizes) + normalization) + 8 * book.optimizerStates * n,
    },
    {
      what: 'layer buffers',
      bytes: 8 * rows * perRow + 8 * (run.batchSize + BOOK_EVAL_ROWS) * sizes[0],
    },
    { what: 'losses', bytes: 8 * run.iters },
  ];
}

/**
 * The book's gradient check of a fresh network on a few samples: its parameters, the gradients
 * backprop fills, the numerical gradients, and the draw of the initial weights.
 */
export function gradientCheckMemory(layerSizes: readonly number[]): MemoryEstimate {
  const n = parameterCount(layerSizes);
  const parts: MemoryPart[] = [
    { what: 'parameters', bytes: 8 * n },
    { what: 'backprop gradients', bytes: 8 * n },
    { what: 'numerical gradients', bytes: 8 * n },
    { what: 'the initial draw', bytes: 8 * weightCount(layerSizes) },
  ];
  const bytes = parts.reduce((sum, part) => sum + part.bytes, 0);
  return { bytes: PROCESS_BYTES + MARGIN * bytes, parts };
}

/** The largest a model file can be with these layers (every number at its longest). */
export function modelFileBytes(layerSizes: readonly number[]): number {
  return MODEL_BYTES_PER_PARAMETER.most * parameterCount(layerSizes);
}
