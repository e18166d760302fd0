// The WebAssembly SIMD backend: kernels from assembly/kernels.ts (compiled into dist/ by
// `npm run build`) working on views of one linear memory.
//
// Growing a WebAssembly memory detaches every view of it, so the memory is reserved once, at its
// final size, and never grown; untouched pages cost address space, not resident memory. Buffers
// are handed out by a bump allocator (the network allocates once and reuses). Should the
// reservation run out, allocate returns an ordinary array and the kernels run the TypeScript
// twins on it: slower, never wrong.
//
// The memory is shared (a SharedArrayBuffer): data placed in it once — sparse MNIST — is read in
// place by this thread's kernels and by worker threads whose backends get a region of the same
// memory (threadRegion), with no copy anywhere.

import { readFileSync } from 'node:fs';
import type { Backend, Placement, ThreadRegion } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import * as elementwise from '../core/kernels/elementwise.js';
import * as products from '../core/kernels/products.js';
import * as rowKernels from '../core/kernels/rows.js';
import * as sparseProducts from '../core/kernels/sparse-products.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import * as updates from '../core/kernels/updates.js';

interface KernelExports {
  matmulF64(out: number, a: number, b: number, m: number, k: number, n: number, s: number): void;
  matmulF32(out: number, a: number, b: number, m: number, k: number, n: number, s: number): void;
  matmulTransAF64(
    o: number,
    a: number,
    b: number,
    m: number,
    k: number,
    n: number,
    s: number,
  ): void;
  matmulTransAF32(
    o: number,
    a: number,
    b: number,
    m: number,
    k: number,
    n: number,
    s: number,
  ): void;
  matmulTransBF64(
    o: number,
    a: number,
    b: number,
    m: number,
    k: number,
    n: number,
    s: number,
  ): void;
  matmulTransBF32(
    o: number,
    a: number,
    b: number,
    m: number,
    k: number,
    n: number,
    s: number,
  ): void;
  gatherMatmulF64(...args: number[]): void;
  gatherMatmulF32(...args: number[]): void;
  gatherMatmulTransAF64(...args: number[]): void;
  gatherMatmulTransAF32(...args: number[]): void;
  gatherSgdStepF64(...args: number[]): void;
  gatherSgdStepF32(...args: number[]): void;
  sgdStepF64(param: number, grad: number, learningRate: number, length: number): void;
  sgdStepF32(param: number, grad: number, learningRate: number, length: number): void;
  addRowVectorF64(out: number, a: number, bias: number, m: number, n: number): void;
  addRowVectorF32(out: number, a: number, bias: number, m: number, n: number): void;
  sumRowsF64(out: number, a: number, m: number, n: number): void;
  sumRowsF32(out: number, a: number, m: number, n: number): void;
  sigmoidF64(out: number, a: number, length: number): void;
  sigmoidF32(out: number, a: number, length: number): void;
  softmaxRowsF64(out: number, a: number, m: number, n: number): void;
  softmaxRowsF32(out: number, a: number, m: number, n: number): void;
}

// The few WebAssembly API shapes used here (the Node 20 type definitions do not declare them).
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
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
}

/** A memory of its own (`reserveBytes`), or a region of a shared one (a worker's). */
export function createWasmBackend(
  where: number | ThreadRegion = DEFAULT_RESERVE_BYTES,
): WasmBackend {
  let memory: WasmMemory;
  let top: number;
  let limit: number;
  if (typeof where === 'number') {
    const pages = Math.ceil(where / PAGE);
    memory = new WebAssemblyApi.Memory({ initial: pages, maximum: pages, shared: true });
    // Address 0 stays unused so that no buffer starts at the null pointer.
    top = 64;
    limit = pages * PAGE;
  } else {
    memory = where.memory as WasmMemory;
    top = where.base;
    limit = where.limit;
  }
  const instance = new WebAssemblyApi.Instance(wasmModule(), { env: { memory } });
  const wasm = instance.exports as unknown as KernelExports;
  const buffer = memory.buffer;

  function reserveBytes16(bytes: number): number | undefined {
    const start = (top + 15) & ~15;
    if (start + bytes > limit) return undefined;
    top = start + bytes;
    return start;
  }

  let scratch = 0;
  let scratchBytes = 0;
  /** A scratch region of at least `bytes`, or undefined when the reservation is spent. */
  function scratchOf(bytes: number): number | undefined {
    if (bytes <= scratchBytes) return scratch;
    const grown = Math.max(bytes, 2 * scratchBytes, 1 << 20);
    const start = reserveBytes16(grown);
    if (start === undefined) return undefined;
    scratch = start;
    scratchBytes = grown;
    return scratch;
  }

  const isInMemory = (x: Floats | Int32Array): boolean => x.buffer === buffer;
  const isF32 = (x: Floats): boolean => x instanceof Float32Array;

  // Sparse matrices are copied into the memory on first use and kept there, with their table in
  // each precision asked for.
  interface Placed {
    rowStarts: number;
    columns: number;
    codes: number;
    table64?: number;
    table32?: number;
  }
  const placed = new WeakMap<SparseRows, Placed>();
  /** [rowStarts, columns, codes, table] addresses, or undefined when the reservation is spent. */
  function place(rows: SparseRows, isSingle: boolean): Placed | undefined {
    let at = placed.get(rows);
    if (at === undefined) {
      const rowStarts = addressOf(rows.rowStarts);
      const columns = addressOf(rows.columns);
      const codes = addressOf(rows.codes);
      if (rowStarts === undefined || columns === undefined || codes === undefined) return undefined;
      at = { rowStarts, columns, codes };
      placed.set(rows, at);
    }
    if (isSingle && at.table32 === undefined) {
      at.table32 = reserveBytes16(256 * 4);
      if (at.table32 === undefined) return undefined;
      new Float32Array(buffer, at.table32, 256).set(rows.table);
    }
    if (!isSingle && at.table64 === undefined) {
      at.table64 = reserveBytes16(256 * 8);
      if (at.table64 === undefined) return undefined;
      new Float64Array(buffer, at.table64, 256).set(rows.table);
    }
    return at;
  }
  const heapI32 = new Int32Array(buffer);

  /** Where array lives in the memory: its own place if it is a view of it, else a copy's. */
  function addressOf(array: Uint32Array | Uint16Array | Uint8Array): number | undefined {
    if (array.buffer === buffer) return array.byteOffset;
    const at = reserveBytes16(array.byteLength);
    if (at !== undefined) new Uint8Array(buffer, at, array.byteLength).set(bytesOf(array));
    return at;
  }

  const placement: Placement = (byteLength) => {
    const byteOffset = reserveBytes16(byteLength);
    return byteOffset === undefined
      ? { buffer: new SharedArrayBuffer(byteLength), byteOffset: 0 }
      : { buffer, byteOffset };
  };

  const productScratch = (k: number, m: number, n: number, aLength: number, bLength: number) =>
    Math.max(20 * k + 32, 8 * m + 32 + 20 * aLength, 8 * bLength + 32 + 20 * k);

  return {
    name: 'wasm',
    memory,
    placement,
    threadRegion(bytes) {
      const base = reserveBytes16(bytes);
      return base === undefined ? undefined : { memory, base, limit: base + bytes };
    },
    get usedBytes() {
      return top;
    },
    allocate(length) {
      const start = reserveBytes16(length * 8);
      return start === undefined
        ? new Float64Array(length)
        : new Float64Array(buffer, start, length);
    },
    allocateFloat32(length) {
      const start = reserveBytes16(length * 4);
      return start === undefined
        ? new Float32Array(length)
        : new Float32Array(buffer, start, length);
    },

    // a: (m, k), b: (k, n) -> out: (m, n)
    matmul(out, a, b, m, k, n) {
      const s = scratchOf(productScratch(k, 0, 0, 0, 0));
      if (s === undefined || !isInMemory(out) || !isInMemory(a) || !isInMemory(b)) {
        products.matmul(out, a, b, m, k, n);
      } else if (isF32(out)) {
        wasm.matmulF32(out.byteOffset, a.byteOffset, b.byteOffset, m, k, n, s);
      } else {
        wasm.matmulF64(out.byteOffset, a.byteOffset, b.byteOffset, m, k, n, s);
      }
    },

    // a: (k, m), b: (k, n) -> out: (m, n) = aᵀ·b
    matmulTransA(out, a, b, m, k, n) {
      const s = scratchOf(productScratch(0, m, 0, k * m, 0));
      if (s === undefined || !isInMemory(out) || !isInMemory(a) || !isInMemory(b)) {
        products.matmulTransA(out, a, b, m, k, n);
      } else if (isF32(out)) {
        wasm.matmulTransAF32(out.byteOffset, a.byteOffset, b.byteOffset, m, k, n, s);
      } else {
        wasm.matmulTransAF64(out.byteOffset, a.byteOffset, b.byteOffset, m, k, n, s);
      }
    },

    // a: (m, k), b: (n, k) -> out: (m, n) = a·bᵀ
    matmulTransB(out, a, b, m, k, n) {
      const s = scratchOf(productScratch(k, 0, 0, 0, k * n));
      if (s === undefined || !isInMemory(out) || !isInMemory(a) || !isInMemory(b)) {
        products.matmulTransB(out, a, b, m, k, n);
      } else if (isF32(out)) {
        wasm.matmulTransBF32(out.byteOffset, a.byteOffset, b.byteOffset, m, k, n, s);
      } else {
        wasm.matmulTransBF64(out.byteOffset, a.byteOffset, b.byteOffset, m, k, n, s);
      }
    },

    // rows: (·, k) sparse, indices: (m), b: (k, n) -> out: (m, n) = rows[indices] · b
    gatherMatmul(out, rows, indices, m, b, n) {
      const isSingle = isF32(out);
      const at = isInMemory(out) && isInMemory(b) ? place(rows, isSingle) : undefined;
      const s = scratchOf(4 * m);
      if (at === undefined || s === undefined) {
        sparseProducts.gatherMatmul(out, rows, indices, m, b, n);
        return;
      }
      for (let i = 0; i < m; i++) heapI32[(s >> 2) + i] = indices[i];
      const run = isSingle ? wasm.gatherMatmulF32 : wasm.gatherMatmulF64;
      const table = (isSingle ? at.table32 : at.table64) as number;
      run(out.byteOffset, at.rowStarts, at.columns, at.codes, table, s, m, b.byteOffset, n);
    },

    // rows: (·, k) sparse, indices: (m), b: (m, n) -> out: (k, n) = rows[indices]ᵀ · b
    gatherMatmulTransA(out, rows, indices, m, b, n) {
      const isSingle = isF32(out);
      const at = isInMemory(out) && isInMemory(b) ? place(rows, isSingle) : undefined;
      const k = rows.columnCount;
      const s = scratchOf(4 * m + 8 * k + 48 + 20 * m * k);
      if (at === undefined || s === undefined) {
        sparseProducts.gatherMatmulTransA(out, rows, indices, m, b, n);
        return;
      }
      for (let i = 0; i < m; i++) heapI32[(s >> 2) + i] = indices[i];
      const run = isSingle ? wasm.gatherMatmulTransAF32 : wasm.gatherMatmulTransAF64;
      const table = (isSingle ? at.table32 : at.table64) as number;
      const list = (s + 4 * m + 15) & ~15;
      run(
        out.byteOffset,
        at.rowStarts,
        at.columns,
        at.codes,
        table,
        s,
        m,
        k,
        b.byteOffset,
        n,
        list,
      );
    },

    // param: (k, n) -= lr · rows[indices]ᵀ · b, b: (m, n)
    gatherSgdStep(param, rows, indices, m, b, n, learningRate) {
      const isSingle = isF32(param);
      const at = isInMemory(param) && isInMemory(b) ? place(rows, isSingle) : undefined;
      const k = rows.columnCount;
      const s = scratchOf(4 * m + 8 * k + 64 + 12 * m * k + 8 * n);
      if (at === undefined || s === undefined) {
        sparseProducts.gatherSgdStep(param, rows, indices, m, b, n, learningRate);
        return;
      }
      for (let i = 0; i < m; i++) heapI32[(s >> 2) + i] = indices[i];
      const run = isSingle ? wasm.gatherSgdStepF32 : wasm.gatherSgdStepF64;
      const table = (isSingle ? at.table32 : at.table64) as number;
      const list = (s + 4 * m + 15) & ~15;
      const { rowStarts, columns, codes } = at;
      run(
        param.byteOffset,
        rowStarts,
        columns,
        codes,
        table,
        s,
        m,
        k,
        b.byteOffset,
        n,
        learningRate,
        list,
      );
    },

    // param, grad: (length) -> param = param - lr * grad
    sgdStep(param, grad, learningRate, length) {
      if (!isInMemory(param) || !isInMemory(grad)) {
        updates.sgdStep(param, grad, learningRate, length);
      } else if (isF32(param)) {
        wasm.sgdStepF32(param.byteOffset, grad.byteOffset, learningRate, length);
      } else {
        wasm.sgdStepF64(param.byteOffset, grad.byteOffset, learningRate, length);
      }
    },

    // a: (m, n), bias: (n) -> out: (m, n); out may be a
    addRowVector(out, a, bias, m, n) {
      if (!isInMemory(out) || !isInMemory(a) || !isInMemory(bias)) {
        rowKernels.addRowVector(out, a, bias, m, n);
      } else if (isF32(out)) {
        wasm.addRowVectorF32(out.byteOffset, a.byteOffset, bias.byteOffset, m, n);
      } else {
        wasm.addRowVectorF64(out.byteOffset, a.byteOffset, bias.byteOffset, m, n);
      }
    },

    // a: (m, n) -> out: (n)
    sumRows(out, a, m, n) {
      if (!isInMemory(out) || !isInMemory(a)) rowKernels.sumRows(out, a, m, n);
      else if (isF32(out)) wasm.sumRowsF32(out.byteOffset, a.byteOffset, m, n);
      else wasm.sumRowsF64(out.byteOffset, a.byteOffset, m, n);
    },

    // A scan of ten scores per row: not worth a call into WebAssembly.
    argmaxRows: rowKernels.argmaxRows,

    // a: (length) -> out: (length) = 1 / (1 + exp(-a)); out may be a
    sigmoidForward(out, a, length) {
      if (!isInMemory(out) || !isInMemory(a)) elementwise.sigmoidForward(out, a, length);
      else if (isF32(out)) wasm.sigmoidF32(out.byteOffset, a.byteOffset, length);
      else wasm.sigmoidF64(out.byteOffset, a.byteOffset, length);
    },

    // a: (m, n) -> out: (m, n), row-wise softmax; out may be a
    softmaxRows(out, a, m, n) {
      if (!isInMemory(out) || !isInMemory(a)) rowKernels.softmaxRows(out, a, m, n);
      else if (isF32(out)) wasm.softmaxRowsF32(out.byteOffset, a.byteOffset, m, n);
      else wasm.softmaxRowsF64(out.byteOffset, a.byteOffset, m, n);
    },

    // Cheap next to the products: the TypeScript kernels serve.
    sigmoidBackward: elementwise.sigmoidBackward,
    reluForward: elementwise.reluForward,
    reluBackward: elementwise.reluBackward,
    crossEntropyRows: rowKernels.crossEntropyRows,
    softmaxLossBackward: rowKernels.softmaxLossBackward,
  };
}

function bytesOf(array: Uint32Array | Uint16Array | Uint8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
