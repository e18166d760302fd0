// The memory the WebAssembly kernels work in, and how it is handed out.
//
// Growing a WebAssembly memory detaches every view of it, so the memory is reserved once, at its
// final size, and never grown; untouched pages cost address space, not resident memory. Buffers
// are handed out by a bump allocator (the network allocates once and reuses). Should the
// reservation run out, an allocation returns an ordinary array and the kernels run the
// TypeScript twins on it: slower, never wrong.
//
// The memory is shared (a SharedArrayBuffer): data placed in it once — sparse MNIST — is read in
// place by this thread's kernels and by worker threads whose backends get a region of the same
// memory (threadRegion), with no copy anywhere.

import type { Placement, ThreadRegion } from '../core/backend.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';

/** A WebAssembly memory, as far as it is used here (Node 20's types do not declare it). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

/** Where a sparse matrix's arrays are in the memory, its table in each precision asked for. */
interface PlacedRows {
  rowStarts: number;
  columns: number;
  codes: number;
  table64?: number;
  table32?: number;
}

/** A bump allocator over the bytes [base, limit) of a memory. */
export class WasmArena {
  readonly buffer: SharedArrayBuffer;
  private top: number;
  private readonly heapI32: Int32Array;
  private scratchAt = 0;
  private scratchBytes = 0;
  private indicesAt = 0;
  private indexCapacity = 0;
  private readonly placed = new WeakMap<SparseRows, PlacedRows>();

  constructor(
    readonly memory: WasmMemory,
    base: number,
    private readonly limit: number,
  ) {
    this.buffer = memory.buffer;
    this.top = base;
    this.heapI32 = new Int32Array(this.buffer);
  }

  /** Bytes of the memory handed out so far (the end of this arena's allocations). */
  get usedBytes(): number {
    return this.top;
  }

  /**
   * Reservations that did not fit: each left an array outside the memory (or a kernel without
   * its scratch), so the kernels touching it run their TypeScript twins. Tests hold it at 0
   * where they mean to test the WebAssembly kernels.
   */
  spills = 0;

  /** The start of `bytes` fresh bytes, 16-aligned, or undefined when the reservation is spent. */
  reserve(bytes: number): number | undefined {
    const start = (this.top + 15) & ~15;
    if (start + bytes > this.limit) {
      this.spills++;
      return undefined;
    }
    this.top = start + bytes;
    return start;
  }

  /** Whether x is a view of this memory, where the kernels can reach it. */
  holds(x: { buffer: ArrayBufferLike }): boolean {
    return x.buffer === this.buffer;
  }

  floats64(length: number): Float64Array {
    const start = this.reserve(length * 8);
    return start === undefined
      ? new Float64Array(length)
      : new Float64Array(this.buffer, start, length);
  }

  floats32(length: number): Float32Array {
    const start = this.reserve(length * 4);
    return start === undefined
      ? new Float32Array(length)
      : new Float32Array(this.buffer, start, length);
  }

  /** Large read-only data goes into this memory while there is room, else shared memory. */
  readonly placement: Placement = (byteLength) => {
    const byteOffset = this.reserve(byteLength);
    return byteOffset === undefined
      ? { buffer: new SharedArrayBuffer(byteLength), byteOffset: 0 }
      : { buffer: this.buffer, byteOffset };
  };

  /** A region of this memory for a worker thread's own arena. */
  threadRegion(bytes: number): ThreadRegion | undefined {
    const base = this.reserve(bytes);
    return base === undefined ? undefined : { memory: this.memory, base, limit: base + bytes };
  }

  /** A scratch region of at least `bytes`, reused by every kernel call, or undefined. */
  scratch(bytes: number): number | undefined {
    if (bytes <= this.scratchBytes) return this.scratchAt;
    const grown = Math.max(bytes, 2 * this.scratchBytes, 1 << 20);
    const start = this.reserve(grown);
    if (start === undefined) return undefined;
    this.scratchAt = start;
    this.scratchBytes = grown;
    return start;
  }

  /**
   * The arguments by which a gather kernel reads rows[indices]: the rows' arrays, copied in on
   * first use and kept, their table at the kernel's precision, the indices copied in as i32s.
   * Undefined when the reservation is spent.
   */
  sparseArgs(rows: SparseRows, indices: ArrayLike<number>, m: number, isSingle: boolean) {
    const at = this.place(rows, isSingle);
    const table = isSingle ? at?.table32 : at?.table64;
    const indicesAt = this.copyIndices(indices, m);
    if (at === undefined || table === undefined || indicesAt === undefined) return undefined;
    const { rowStarts, columns, codes } = at;
    return { rowStarts, columns, codes, table, indices: indicesAt, m, k: rows.columnCount };
  }

  private place(rows: SparseRows, isSingle: boolean): PlacedRows | undefined {
    let at = this.placed.get(rows);
    if (at === undefined) {
      const rowStarts = this.addressOf(rows.rowStarts);
      const columns = this.addressOf(rows.columns);
      const codes = this.addressOf(rows.codes);
      if (rowStarts === undefined || columns === undefined || codes === undefined) return undefined;
      at = { rowStarts, columns, codes };
      this.placed.set(rows, at);
    }
    if (isSingle && at.table32 === undefined) {
      at.table32 = this.reserve(256 * 4);
      if (at.table32 !== undefined) new Float32Array(this.buffer, at.table32, 256).set(rows.table);
    }
    if (!isSingle && at.table64 === undefined) {
      at.table64 = this.reserve(256 * 8);
      if (at.table64 !== undefined) new Float64Array(this.buffer, at.table64, 256).set(rows.table);
    }
    return at;
  }

  /** Where array lives in the memory: its own place if it is a view of it, else a copy's. */
  private addressOf(array: Uint32Array | Uint16Array | Uint8Array): number | undefined {
    if (array.buffer === this.buffer) return array.byteOffset;
    const at = this.reserve(array.byteLength);
    if (at !== undefined) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      new Uint8Array(this.buffer, at, array.byteLength).set(bytes);
    }
    return at;
  }

  private copyIndices(indices: ArrayLike<number>, m: number): number | undefined {
    if (m > this.indexCapacity) {
      const capacity = Math.max(m, 2 * this.indexCapacity, 1024);
      const at = this.reserve(4 * capacity);
      if (at === undefined) return undefined;
      this.indicesAt = at;
      this.indexCapacity = capacity;
    }
    const first = this.indicesAt >> 2;
    for (let i = 0; i < m; i++) this.heapI32[first + i] = indices[i];
    return this.indicesAt;
  }
}
