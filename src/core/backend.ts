// A backend is a set of kernels plus the memory they work on. The network allocates every
// buffer through its backend, so a backend whose kernels live elsewhere (WebAssembly) can hand
// out views of its own memory and run on them without copying.
// This is the interface and the TypeScript backend; the WebAssembly one is in src/fast/.

import * as accuracy from './kernels/accuracy.js';
import * as dropout from './kernels/dropout.js';
import * as elementwise from './kernels/elementwise.js';
import * as normalization from './kernels/normalization.js';
import * as optimizerUpdates from './kernels/optimizer-updates.js';
import * as products from './kernels/products.js';
import * as rows from './kernels/rows.js';
import * as scaling from './kernels/scaling.js';
import * as sparseProducts from './kernels/sparse-products.js';
import * as sums from './kernels/sums.js';
import * as updates from './kernels/updates.js';

/** Where a new array of byteLength bytes goes: a buffer and an offset in it (8-aligned). */
export type Placement = (byteLength: number) => { buffer: ArrayBufferLike; byteOffset: number };

/** A SharedArrayBuffer of its own: posted to a worker thread, it is shared, not copied. */
export const sharedPlacement: Placement = (byteLength) => ({
  buffer: new SharedArrayBuffer(byteLength),
  byteOffset: 0,
});

/** A slice [base, limit) of a shared WebAssembly memory, for a worker thread's backend. */
export interface ThreadRegion {
  readonly memory: object;
  readonly base: number;
  readonly limit: number;
}

/** Every kernel of the catalogue (src/core/kernels/), by its name there. */
export interface Kernels {
  // products.ts
  matmul: typeof products.matmul;
  matmulTransA: typeof products.matmulTransA;
  matmulTransB: typeof products.matmulTransB;
  // sparse-products.ts
  gatherMatmul: typeof sparseProducts.gatherMatmul;
  gatherMatmulTransA: typeof sparseProducts.gatherMatmulTransA;
  gatherSgdStep: typeof sparseProducts.gatherSgdStep;
  // elementwise.ts
  sigmoidForward: typeof elementwise.sigmoidForward;
  sigmoidBackward: typeof elementwise.sigmoidBackward;
  reluForward: typeof elementwise.reluForward;
  reluBackward: typeof elementwise.reluBackward;
  // rows.ts
  addRowVector: typeof rows.addRowVector;
  sumRows: typeof rows.sumRows;
  argmaxRows: typeof rows.argmaxRows;
  softmaxRows: typeof rows.softmaxRows;
  crossEntropyRows: typeof rows.crossEntropyRows;
  crossEntropyEach: typeof rows.crossEntropyEach;
  softmaxLossBackward: typeof rows.softmaxLossBackward;
  // updates.ts
  sgdStep: typeof updates.sgdStep;
  // optimizer-updates.ts
  momentumUpdate: typeof optimizerUpdates.momentumUpdate;
  nesterovUpdate: typeof optimizerUpdates.nesterovUpdate;
  adaGradUpdate: typeof optimizerUpdates.adaGradUpdate;
  rmspropUpdate: typeof optimizerUpdates.rmspropUpdate;
  adamUpdate: typeof optimizerUpdates.adamUpdate;
  // normalization.ts
  columnMeanVariance: typeof normalization.columnMeanVariance;
  standardDeviation: typeof normalization.standardDeviation;
  runningAverage: typeof normalization.runningAverage;
  batchNormTrainForward: typeof normalization.batchNormTrainForward;
  batchNormTestForward: typeof normalization.batchNormTestForward;
  batchNormBackward: typeof normalization.batchNormBackward;
  // dropout.ts
  dropoutMask: typeof dropout.dropoutMask;
  applyMask: typeof dropout.applyMask;
  // scaling.ts
  scale: typeof scaling.scale;
  addScaled: typeof scaling.addScaled;
  // sums.ts (numpy's pairwise order)
  sumOfSquares: typeof sums.sumOfSquares;
  // accuracy.ts
  countCorrect: typeof accuracy.countCorrect;
}

/** The kernels and the memory they work on. */
export interface Backend extends Kernels {
  readonly name: string;
  /** A zeroed buffer of `length` float64s that this backend's kernels can work on. */
  allocate(length: number): Float64Array;
  /** The same in float32, for the float32 path. */
  allocateFloat32(length: number): Float32Array;
  /**
   * Where to put large read-only data (sparse MNIST rows) so that these kernels, and those of
   * worker threads, read it without a copy: shared memory either way.
   */
  readonly placement: Placement;
  /** A region of this backend's memory for a worker thread's own backend, if it has one. */
  threadRegion?(bytes: number): ThreadRegion | undefined;
}

/** The catalogue's TypeScript kernels on ordinary memory: the default, and every fallback. */
export const jsBackend: Backend = {
  name: 'js',
  allocate: (length) => new Float64Array(length),
  allocateFloat32: (length) => new Float32Array(length),
  placement: sharedPlacement,
  matmul: products.matmul,
  matmulTransA: products.matmulTransA,
  matmulTransB: products.matmulTransB,
  gatherMatmul: sparseProducts.gatherMatmul,
  gatherMatmulTransA: sparseProducts.gatherMatmulTransA,
  gatherSgdStep: sparseProducts.gatherSgdStep,
  sigmoidForward: elementwise.sigmoidForward,
  sigmoidBackward: elementwise.sigmoidBackward,
  reluForward: elementwise.reluForward,
  reluBackward: elementwise.reluBackward,
  addRowVector: rows.addRowVector,
  sumRows: rows.sumRows,
  argmaxRows: rows.argmaxRows,
  softmaxRows: rows.softmaxRows,
  crossEntropyRows: rows.crossEntropyRows,
  crossEntropyEach: rows.crossEntropyEach,
  softmaxLossBackward: rows.softmaxLossBackward,
  sgdStep: updates.sgdStep,
  momentumUpdate: optimizerUpdates.momentumUpdate,
  nesterovUpdate: optimizerUpdates.nesterovUpdate,
  adaGradUpdate: optimizerUpdates.adaGradUpdate,
  rmspropUpdate: optimizerUpdates.rmspropUpdate,
  adamUpdate: optimizerUpdates.adamUpdate,
  columnMeanVariance: normalization.columnMeanVariance,
  standardDeviation: normalization.standardDeviation,
  runningAverage: normalization.runningAverage,
  batchNormTrainForward: normalization.batchNormTrainForward,
  batchNormTestForward: normalization.batchNormTestForward,
  batchNormBackward: normalization.batchNormBackward,
  dropoutMask: dropout.dropoutMask,
  applyMask: dropout.applyMask,
  scale: scaling.scale,
  addScaled: scaling.addScaled,
  sumOfSquares: sums.sumOfSquares,
  countCorrect: accuracy.countCorrect,
};
