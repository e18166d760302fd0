// WebAssembly SIMD twins of the kernels in src/core/kernels/, compiled by `npm run build`.
// Every pointer is a byte offset into the memory the host imports; sizes count elements.
// Each kernel is generic over the element type T (f64 or f32); the build exports it once per
// type (matmulF64, matmulF32, …) from the table in src/fast/wasm-kernels.ts.
// Products accumulate in the same order as the TypeScript kernels (over the inner dimension,
// ascending, from +0), and SIMD lanes only ever hold different output columns, so the two
// backends give bit-identical results. The elementwise kernels (normalization, optimizer
// updates, scaling) do each element's operations in the TypeScript kernels' order.

export { reluBackward, reluForward, sigmoidForward } from './elementwise';
export {
  batchNormBackward,
  batchNormTestForward,
  batchNormTrainForward,
  columnMeanVariance,
} from './normalization';
export {
  adaGradUpdate,
  adamUpdate,
  momentumUpdate,
  nesterovUpdate,
  rmspropUpdate,
} from './optimizer-updates';
export { matmul, matmulTransA, matmulTransB } from './products';
export { addRowVector, softmaxRows, sumRows } from './rows';
export { addScaled, applyMask, scale } from './scaling';
export { gatherMatmul, gatherMatmulTransA, gatherSgdStep } from './sparse-products';
export { sumOfSquares } from './sums';
export { sgdStep } from './updates';
