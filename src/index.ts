// The library's public exports: the math core, for use without the command line.

export { Matrix } from './core/matrix.js';
export { RandomState } from './core/random.js';
export * as kernels from './core/kernels.js';
export { ConfigError, DataError, ModelError, DivergenceError, NnError } from './core/errors.js';
