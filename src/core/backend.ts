// A backend is a set of kernels plus the memory they work on. The network allocates every
// buffer through its backend, so a backend whose kernels live elsewhere (WebAssembly) can hand
// out views of its own memory and run on them without copying.

import * as kernels from './kernels.js';

export interface Backend {
  readonly name: string;
  /** A zeroed buffer of `length` float64s that this backend's kernels can work on. */
  allocate(length: number): Float64Array;
  matmul: typeof kernels.matmul;
  matmulTransA: typeof kernels.matmulTransA;
  matmulTransB: typeof kernels.matmulTransB;
  addRowVector: typeof kernels.addRowVector;
  sumRows: typeof kernels.sumRows;
  argmaxRows: typeof kernels.argmaxRows;
}

export const jsBackend: Backend = {
  name: 'js',
  allocate: (length) => new Float64Array(length),
  matmul: kernels.matmul,
  matmulTransA: kernels.matmulTransA,
  matmulTransB: kernels.matmulTransB,
  addRowVector: kernels.addRowVector,
  sumRows: kernels.sumRows,
  argmaxRows: kernels.argmaxRows,
};
