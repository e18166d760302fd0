// A backend is a set of kernels plus the memory they work on. The network allocates every
// buffer through its backend, so a backend whose kernels live elsewhere (WebAssembly) can hand
// out views of its own memory and run on them without copying.
// The WebAssembly backend lives in wasm-backend.ts and is loaded only when asked for, so commands
// that never train start without compiling it.

import { sigmoidForward, softmaxRows } from './activations.js';
import * as kernels from './kernels.js';
import { sharedPlacement, type Placement } from './sparse-rows.js';

/** A slice [base, limit) of a shared WebAssembly memory, for a worker thread's backend. */
export interface ThreadRegion {
  readonly memory: object;
  readonly base: number;
  readonly limit: number;
}

export interface Backend {
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
  matmul: typeof kernels.matmul;
  matmulTransA: typeof kernels.matmulTransA;
  matmulTransB: typeof kernels.matmulTransB;
  gatherMatmul: typeof kernels.gatherMatmul;
  gatherMatmulTransA: typeof kernels.gatherMatmulTransA;
  gatherSgdStep: typeof kernels.gatherSgdStep;
  sgdStep: typeof kernels.sgdStep;
  addRowVector: typeof kernels.addRowVector;
  sumRows: typeof kernels.sumRows;
  argmaxRows: typeof kernels.argmaxRows;
  sigmoid: typeof sigmoidForward;
  softmaxRows: typeof softmaxRows;
}

export const jsBackend: Backend = {
  name: 'js',
  allocate: (length) => new Float64Array(length),
  allocateFloat32: (length) => new Float32Array(length),
  placement: sharedPlacement,
  matmul: kernels.matmul,
  matmulTransA: kernels.matmulTransA,
  matmulTransB: kernels.matmulTransB,
  gatherMatmul: kernels.gatherMatmul,
  gatherMatmulTransA: kernels.gatherMatmulTransA,
  gatherSgdStep: kernels.gatherSgdStep,
  sgdStep: kernels.sgdStep,
  addRowVector: kernels.addRowVector,
  sumRows: kernels.sumRows,
  argmaxRows: kernels.argmaxRows,
  sigmoid: sigmoidForward,
  softmaxRows,
};

export type BackendName = 'js' | 'wasm';
export const BACKEND_NAMES: readonly BackendName[] = ['js', 'wasm'];

/**
 * The backend called `name`; 'wasm' compiles the WebAssembly module on first use (a dynamic
 * import, so commands that never train do not load it), in a memory of its own or in `region`.
 */
export async function loadBackend(name: BackendName, region?: ThreadRegion): Promise<Backend> {
  if (name === 'js') return jsBackend;
  const { createWasmBackend } = await import('./wasm-backend.js');
  return createWasmBackend(region);
}

/** The fastest backend this runtime can run: wasm where the module compiles, else js. */
export async function defaultBackendName(): Promise<BackendName> {
  const { isWasmAvailable } = await import('./wasm-backend.js');
  return isWasmAvailable() ? 'wasm' : 'js';
}
