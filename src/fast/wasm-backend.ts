// The WebAssembly SIMD backend: the kernels of assembly/ (compiled into dist/ by `npm run
// build`) working on views of one linear memory (wasm-memory.ts). Every call crosses by the
// table of wasm-kernels.ts; a kernel whose arrays are not in the memory runs as its TypeScript
// twin, which gives the same bits.

import { readFileSync } from 'node:fs';
import { jsBackend, type Backend, type Kernels, type ThreadRegion } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import { WasmArena, type WasmMemory } from './wasm-memory.js';
import {
  exportName,
  WASM_KERNELS,
  type ArgumentName,
  type KernelArgs,
  type KernelDeclaration,
  type KernelExports,
  type WasmKernelName,
} from './wasm-kernels.js';

// The few WebAssembly API shapes used here (the Node 20 type definitions do not declare them).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
/** Room for the network's buffers, its largest evaluation chunk and the kernels' scratch. */
export const DEFAULT_RESERVE_BYTES = 256 * 1024 * 1024;

/** The compiled module: <package>/dist/fast/kernels.wasm, from src/fast/ and dist/fast/ alike. */
export const WASM_URL = new URL('../../dist/fast/kernels.wasm', import.meta.url);

let compiled: object | undefined;

/** Compiles the module once per thread; only the training and evaluation paths call this. */
export function wasmModule(): object {
  compiled ??= new WebAssemblyApi.Module(readFileSync(WASM_URL));
  return compiled;
}

/** Whether this runtime can run the SIMD module (Node 20 can; a stripped build might not). */
export function isWasmAvailable(): boolean {
  try {
    wasmModule();
    return true;
  } catch {
    return false;
  }
}

export interface WasmBackend extends Backend {
  readonly memory: WasmMemory;
  threadRegion(bytes: number): ThreadRegion | undefined;
  /** Bytes of the memory handed out so far (the end of this backend's allocations). */
  readonly usedBytes: number;
  /** Allocations that did not fit the memory, whose kernels run in TypeScript (WasmArena). */
  readonly spills: number;
}

/** A memory of its own (`reserveBytes`), or a region of a shared one (a worker's). */
export function createWasmBackend(
  where: number | ThreadRegion = DEFAULT_RESERVE_BYTES,
): WasmBackend {
  let arena: WasmArena;
  if (typeof where === 'number') {
    const pages = Math.ceil(where / PAGE);
    const memory = new WebAssemblyApi.Memory({ initial: pages, maximum: pages, shared: true });
    // Address 0 stays unused so that no buffer starts at the null pointer.
    arena = new WasmArena(memory, 64, pages * PAGE);
  } else {
    arena = new WasmArena(where.memory as WasmMemory, where.base, where.limit);
  }
  const instance = new WebAssemblyApi.Instance(wasmModule(), { env: { memory: arena.memory } });
  // The module's exports are what the build wrote from the kernel table (tests hold them so).
  const exports = instance.exports as unknown as KernelExports;
  return {
    name: 'wasm',
    memory: arena.memory,
    placement: arena.placement,
    threadRegion: (bytes) => arena.threadRegion(bytes),
    get usedBytes() {
      return arena.usedBytes;
    },
    get spills() {
      return arena.spills;
    },
    allocate: (length) => arena.floats64(length),
    allocateFloat32: (length) => arena.floats32(length),
    ...wasmKernels(arena, exports),
  };
}

/**
 * The one way into the module: kernel `name` at the element type of `typed` (its output, or
 * for a kernel whose output is a float64 whatever the type, its input), its arguments passed
 * in the table's order, its scratch reserved as the table says and passed last. False, with
 * nothing run, when the scratch does not fit: the caller runs the TypeScript kernel instead.
 */
function run<K extends WasmKernelName>(
  arena: WasmArena,
  exports: KernelExports,
  name: K,
  typed: Floats,
  args: KernelArgs<K>,
): boolean {
  const named: Readonly<Partial<Record<ArgumentName, number>>> = args;
  const declaration: KernelDeclaration = WASM_KERNELS[name];
  let scratch = 0;
  if (declaration.scratchBytes) {
    const at = arena.scratch(declaration.scratchBytes(named.m ?? 0, named.k ?? 0, named.n ?? 0));
    if (at === undefined) return false;
    scratch = at;
  }
  const values = declaration.args.map((arg) => named[arg] ?? scratch);
  Reflect.apply(exports[exportName(name, typed instanceof Float32Array)], undefined, values);
  return true;
}

/** Every kernel: in the module when its arrays are in the arena's memory, else in TypeScript. */
function wasmKernels(arena: WasmArena, exports: KernelExports): Kernels {
  const ts = jsBackend;
  const mine = (x: Floats) => arena.holds(x);
  const at = (x: Floats) => x.byteOffset;
  /**
   * Kernel `name` in the module when every array it touches is in the memory and of out's
   * element type (and its scratch fits), else the TypeScript kernel: the same bits either way.
   */
  const kernel = <K extends WasmKernelName>(
    name: K,
    arrays: readonly [Floats, ...Floats[]],
    args: KernelArgs<K>,
    fallback: () => void,
  ): void => {
    const out = arrays[0];
    const isSingle = out instanceof Float32Array;
    const isReachable = arrays.every((x) => mine(x) && x instanceof Float32Array === isSingle);
    if (!(isReachable && run(arena, exports, name, out, args))) fallback();
  };
  let sum: Float64Array | undefined;
  const sparse = (rows: SparseRows, indices: ArrayLike<number>, m: number, out: Floats) =>
    arena.sparseArgs(rows, indices, m, out instanceof Float32Array);
  return {
    matmul(out, a, b, m, k, n) {
      const args = { out: at(out), a: at(a), b: at(b), m, k, n };
      kernel('matmul', [out, a, b], args, () => ts.matmul(out, a, b, m, k, n));
    },
    matmulTransA(out, a, b, m, k, n) {
      const args = { out: at(out), a: at(a), b: at(b), m, k, n };
      kernel('matmulTransA', [out, a, b], args, () => ts.matmulTransA(out, a, b, m, k, n));
    },
    matmulTransB(out, a, b, m, k, n) {
      const args = { out: at(out), a: at(a), b: at(b), m, k, n };
      kernel('matmulTransB', [out, a, b], args, () => ts.matmulTransB(out, a, b, m, k, n));
    },
    gatherMatmul(out, rows, indices, m, b, n) {
      const rowArgs = mine(out) && mine(b) ? sparse(rows, indices, m, out) : undefined;
      const args = rowArgs && { out: at(out), ...rowArgs, b: at(b), n };
      if (!args || !run(arena, exports, 'gatherMatmul', out, args)) {
        ts.gatherMatmul(out, rows, indices, m, b, n);
      }
    },
    gatherMatmulTransA(out, rows, indices, m, b, n) {
      const rowArgs = mine(out) && mine(b) ? sparse(rows, indices, m, out) : undefined;
      const args = rowArgs && { out: at(out), ...rowArgs, b: at(b), n };
      const isRun = args !== undefined && run(arena, exports, 'gatherMatmulTransA', out, args);
      if (!isRun) ts.gatherMatmulTransA(out, rows, indices, m, b, n);
    },
    gatherSgdStep(param, rows, indices, m, b, n, learningRate) {
      const rowArgs = mine(param) && mine(b) ? sparse(rows, indices, m, param) : undefined;
      const args = rowArgs && { param: at(param), ...rowArgs, b: at(b), n, learningRate };
      const isRun = args !== undefined && run(arena, exports, 'gatherSgdStep', param, args);
      if (!isRun) ts.gatherSgdStep(param, rows, indices, m, b, n, learningRate);
    },
    sigmoidForward(out, a, length) {
      const args = { out: at(out), a: at(a), length };
      kernel('sigmoidForward', [out, a], args, () => ts.sigmoidForward(out, a, length));
    },
    reluForward(out, a, length) {
      const args = { out: at(out), a: at(a), length };
      kernel('reluForward', [out, a], args, () => ts.reluForward(out, a, length));
    },
    reluBackward(dx, dout, y, length) {
      const args = { dx: at(dx), dout: at(dout), y: at(y), length };
      kernel('reluBackward', [dx, dout, y], args, () => ts.reluBackward(dx, dout, y, length));
    },
    addRowVector(out, a, bias, m, n) {
      const args = { out: at(out), a: at(a), bias: at(bias), m, n };
      kernel('addRowVector', [out, a, bias], args, () => ts.addRowVector(out, a, bias, m, n));
    },
    sumRows(out, a, m, n) {
      const args = { out: at(out), a: at(a), m, n };
      kernel('sumRows', [out, a], args, () => ts.sumRows(out, a, m, n));
    },
    softmaxRows(out, a, m, n) {
      const args = { out: at(out), a: at(a), m, n };
      kernel('softmaxRows', [out, a], args, () => ts.softmaxRows(out, a, m, n));
    },
    sgdStep(param, grad, learningRate, length) {
      const args = { param: at(param), grad: at(grad), learningRate, length };
      kernel('sgdStep', [param, grad], args, () => ts.sgdStep(param, grad, learningRate, length));
    },
    momentumUpdate(param, v, grad, learningRate, momentum, length) {
      const args = { param: at(param), velocity: at(v), grad: at(grad), learningRate, momentum };
      kernel('momentumUpdate', [param, v, grad], { ...args, length }, () =>
        ts.momentumUpdate(param, v, grad, learningRate, momentum, length),
      );
    },
    nesterovUpdate(param, v, grad, learningRate, momentum, length) {
      const args = { param: at(param), velocity: at(v), grad: at(grad), learningRate, momentum };
      kernel('nesterovUpdate', [param, v, grad], { ...args, length }, () =>
        ts.nesterovUpdate(param, v, grad, learningRate, momentum, length),
      );
    },
    adaGradUpdate(param, h, grad, learningRate, length) {
      const args = { param: at(param), squares: at(h), grad: at(grad), learningRate, length };
      kernel('adaGradUpdate', [param, h, grad], args, () =>
        ts.adaGradUpdate(param, h, grad, learningRate, length),
      );
    },
    rmspropUpdate(param, h, grad, learningRate, decayRate, length) {
      const args = { param: at(param), squares: at(h), grad: at(grad), learningRate, decayRate };
      kernel('rmspropUpdate', [param, h, grad], { ...args, length }, () =>
        ts.rmspropUpdate(param, h, grad, learningRate, decayRate, length),
      );
    },
    adamUpdate(param, m, v, grad, learningRate, beta1, beta2, length) {
      const arrays = { param: at(param), moment: at(m), squares: at(v), grad: at(grad) };
      const args = { ...arrays, learningRate, beta1, beta2, length };
      kernel('adamUpdate', [param, m, v, grad], args, () =>
        ts.adamUpdate(param, m, v, grad, learningRate, beta1, beta2, length),
      );
    },
    columnMeanVariance(mean, variance, x, m, n) {
      const args = { mean: at(mean), variance: at(variance), a: at(x), m, n };
      kernel('columnMeanVariance', [mean, variance, x], args, () =>
        ts.columnMeanVariance(mean, variance, x, m, n),
      );
    },
    batchNormTrainForward(out, xc, xn, x, mean, std, gamma, beta, m, n) {
      const outs = { out: at(out), xc: at(xc), xn: at(xn) };
      const ins = { a: at(x), mean: at(mean), std: at(std), gamma: at(gamma), beta: at(beta) };
      const arrays = [out, xc, xn, x, mean, std, gamma, beta] as const;
      kernel('batchNormTrainForward', arrays, { ...outs, ...ins, m, n }, () =>
        ts.batchNormTrainForward(out, xc, xn, x, mean, std, gamma, beta, m, n),
      );
    },
    batchNormTestForward(out, x, mean, std, gamma, beta, m, n) {
      const ins = { a: at(x), mean: at(mean), std: at(std), gamma: at(gamma), beta: at(beta) };
      kernel(
        'batchNormTestForward',
        [out, x, mean, std, gamma, beta],
        { out: at(out), ...ins, m, n },
        () => ts.batchNormTestForward(out, x, mean, std, gamma, beta, m, n),
      );
    },
    batchNormBackward(dx, dgamma, dbeta, dvar, dmu, dout, xc, xn, std, gamma, m, n) {
      const outs = { dx: at(dx), dgamma: at(dgamma), dbeta: at(dbeta), dvar: at(dvar) };
      const ins = { dout: at(dout), xc: at(xc), xn: at(xn), std: at(std), gamma: at(gamma) };
      const arrays = [dx, dgamma, dbeta, dvar, dmu, dout, xc, xn, std, gamma] as const;
      kernel('batchNormBackward', arrays, { ...outs, dmu: at(dmu), ...ins, m, n }, () =>
        ts.batchNormBackward(dx, dgamma, dbeta, dvar, dmu, dout, xc, xn, std, gamma, m, n),
      );
    },
    scale(out, a, factor, length) {
      const args = { out: at(out), a: at(a), factor, length };
      kernel('scale', [out, a], args, () => ts.scale(out, a, factor, length));
    },
    addScaled(out, a, b, factor, length) {
      const args = { out: at(out), a: at(a), b: at(b), factor, length };
      kernel('addScaled', [out, a, b], args, () => ts.addScaled(out, a, b, factor, length));
    },
    applyMask(out, a, mask, length) {
      const args = { out: at(out), a: at(a), mask: at(mask), length };
      kernel('applyMask', [out, a, mask], args, () => ts.applyMask(out, a, mask, length));
    },

    sumOfSquares(a, length) {
      // The sum comes back through one float64 of the memory, made at the first call.
      sum ??= arena.floats64(1);
      const args = { out: at(sum), a: at(a), length };
      if (!(mine(a) && mine(sum) && run(arena, exports, 'sumOfSquares', a, args))) {
        return ts.sumOfSquares(a, length);
      }
      return sum[0];
    },

    // Cheap next to the products, these stay TypeScript.
    sigmoidBackward: ts.sigmoidBackward,
    argmaxRows: ts.argmaxRows,
    crossEntropyRows: ts.crossEntropyRows,
    crossEntropyEach: ts.crossEntropyEach,
    softmaxLossBackward: ts.softmaxLossBackward,
    standardDeviation: ts.standardDeviation,
    runningAverage: ts.runningAverage,
    dropoutMask: ts.dropoutMask,
    countCorrect: ts.countCorrect,
  };
}
