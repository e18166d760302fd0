// The WebAssembly kernels (assembly/), declared once: each one's arguments in the order the
// module takes them, and the scratch memory it needs. Everything at the boundary comes from
// this table: the build writes the module's exports from it (scripts/wasm-exports.js: each
// kernel twice, nameF64 and nameF32, the generic kernel at each element type), and the types
// below give those exports and the backend's calls their arguments by name.

/**
 * How each argument crosses: an address in the module's memory, a size, a number of T, or a
 * float64 (hyperparameters, from which a kernel derives its rates in float64 before taking them
 * to T, as the TypeScript kernels compute them).
 */
export const ARGUMENT_TYPES = {
  out: 'usize',
  a: 'usize',
  b: 'usize',
  bias: 'usize',
  param: 'usize',
  grad: 'usize',
  y: 'usize',
  dx: 'usize',
  dout: 'usize',
  mask: 'usize',
  mean: 'usize',
  variance: 'usize',
  std: 'usize',
  gamma: 'usize',
  beta: 'usize',
  xc: 'usize',
  xn: 'usize',
  dgamma: 'usize',
  dbeta: 'usize',
  dvar: 'usize',
  dmu: 'usize',
  velocity: 'usize',
  squares: 'usize',
  moment: 'usize',
  rowStarts: 'usize',
  columns: 'usize',
  codes: 'usize',
  table: 'usize',
  indices: 'usize',
  scratch: 'usize',
  m: 'i32',
  k: 'i32',
  n: 'i32',
  length: 'i32',
  learningRate: 'T',
  factor: 'f64',
  momentum: 'f64',
  decayRate: 'f64',
  beta1: 'f64',
  beta2: 'f64',
} as const;

export type ArgumentName = keyof typeof ARGUMENT_TYPES;

export interface KernelDeclaration {
  /** In the module's order; a kernel that needs scratch memory takes its address last. */
  readonly args: readonly ArgumentName[];
  /** Bytes of scratch at these sizes (float64's need, which covers float32's). */
  readonly scratchBytes?: (m: number, k: number, n: number) => number;
}

/** Rows whose lists assembly/products.ts's matmul holds at once (its MATMUL_GROUP_ROWS). */
const MATMUL_GROUP_ROWS = 32;

/** matmul's scratch: the lists of a group of rows (12 bytes a non-zero), and their starts. */
function matmulScratchBytes(k: number): number {
  return 12 * MATMUL_GROUP_ROWS * k + 4 * (MATMUL_GROUP_ROWS + 1) + 64;
}

export const WASM_KERNELS = {
  // products.ts: the left operand's non-zeros are listed in scratch (12 bytes each) first, for
  // up to 32 rows at a time.
  matmul: {
    args: ['out', 'a', 'b', 'm', 'k', 'n', 'scratch'],
    scratchBytes: (m, k) => matmulScratchBytes(k),
  },
  matmulTransA: {
    args: ['out', 'a', 'b', 'm', 'k', 'n', 'scratch'],
    scratchBytes: (m, k) => 4 * m + 32 + 12 * k * m,
  },
  // b transposed into scratch, then matmul's own scratch.
  matmulTransB: {
    args: ['out', 'a', 'b', 'm', 'k', 'n', 'scratch'],
    scratchBytes: (m, k, n) => 8 * k * n + 32 + matmulScratchBytes(k),
  },
  // sparse-products.ts: rows as placed in the memory, indices copied there.
  gatherMatmul: {
    args: ['out', 'rowStarts', 'columns', 'codes', 'table', 'indices', 'm', 'b', 'n'],
  },
  gatherMatmulTransA: {
    args: [
      'out',
      'rowStarts',
      'columns',
      'codes',
      'table',
      'indices',
      'm',
      'k',
      'b',
      'n',
      'scratch',
    ],
    scratchBytes: (m, k) => 8 * k + 48 + 20 * m * k,
  },
  gatherSgdStep: {
    args: [
      'param',
      'rowStarts',
      'columns',
      'codes',
      'table',
      'indices',
      'm',
      'k',
      'b',
      'n',
      'learningRate',
      'scratch',
    ],
    scratchBytes: (m, k, n) => 8 * k + 64 + 12 * m * k + 8 * n,
  },
  // elementwise.ts
  sigmoidForward: { args: ['out', 'a', 'length'] },
  reluForward: { args: ['out', 'a', 'length'] },
  reluBackward: { args: ['dx', 'dout', 'y', 'length'] },
  // rows.ts
  addRowVector: { args: ['out', 'a', 'bias', 'm', 'n'] },
  sumRows: { args: ['out', 'a', 'm', 'n'] },
  softmaxRows: { args: ['out', 'a', 'm', 'n'] },
  // updates.ts
  sgdStep: { args: ['param', 'grad', 'learningRate', 'length'] },
  // optimizer-updates.ts
  momentumUpdate: { args: ['param', 'velocity', 'grad', 'learningRate', 'momentum', 'length'] },
  nesterovUpdate: { args: ['param', 'velocity', 'grad', 'learningRate', 'momentum', 'length'] },
  adaGradUpdate: { args: ['param', 'squares', 'grad', 'learningRate', 'length'] },
  rmspropUpdate: { args: ['param', 'squares', 'grad', 'learningRate', 'decayRate', 'length'] },
  adamUpdate: {
    args: ['param', 'moment', 'squares', 'grad', 'learningRate', 'beta1', 'beta2', 'length'],
  },
  // normalization.ts: a batch of m rows of n features (the small per-feature loops stay
  // TypeScript: standardDeviation, runningAverage)
  columnMeanVariance: { args: ['mean', 'variance', 'a', 'm', 'n'] },
  batchNormTrainForward: {
    args: ['out', 'xc', 'xn', 'a', 'mean', 'std', 'gamma', 'beta', 'm', 'n'],
  },
  batchNormTestForward: { args: ['out', 'a', 'mean', 'std', 'gamma', 'beta', 'm', 'n'] },
  batchNormBackward: {
    args: ['dx', 'dgamma', 'dbeta', 'dvar', 'dmu', 'dout', 'xc', 'xn', 'std', 'gamma', 'm', 'n'],
  },
  // scaling.ts, and dropout.ts's applyMask (the mask itself is a comparison: TypeScript)
  scale: { args: ['out', 'a', 'factor', 'length'] },
  addScaled: { args: ['out', 'a', 'b', 'factor', 'length'] },
  applyMask: { args: ['out', 'a', 'mask', 'length'] },
  // sums.ts: numpy's pairwise order; out is one float64, whichever type a has (the export is
  // chosen by a's)
  sumOfSquares: { args: ['out', 'a', 'length'] },
} as const satisfies Record<string, KernelDeclaration>;

export type WasmKernelName = keyof typeof WASM_KERNELS;

type ArgsOf<K extends WasmKernelName> = (typeof WASM_KERNELS)[K]['args'];

/** A call's arguments by name, each a number; the scratch address is filled in by the backend. */
export type KernelArgs<K extends WasmKernelName> = {
  readonly [A in Exclude<ArgsOf<K>[number], 'scratch'>]: number;
};

/** A number for each argument, in order. */
type Numbers<Args extends readonly unknown[]> = { -readonly [I in keyof Args]: number };

/** The module's exports: every kernel at float64 and at float32, its arguments in order. */
export type KernelExports = {
  readonly [K in WasmKernelName as `${K}F64` | `${K}F32`]: (...args: Numbers<ArgsOf<K>>) => void;
};

/** The export that runs kernel `name` at an element type. */
export function exportName(name: WasmKernelName, isSingle: boolean): keyof KernelExports {
  return `${name}${isSingle ? 'F32' : 'F64'}`;
}
