// A matrix of small codes stored by rows of non-zeros (CSR), each code read through a table:
// MNIST held once for the evaluation passes. An image keeps only its ~150 non-zero pixels of 784
// (a u16 column and a u8 code each), so 70 000 images take ~32 MB instead of 440 MB as float64,
// and a product with it touches only the weights rows of lit pixels.

import type { Placement } from '../core/backend.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';

// Byte k of a word read through a Uint32Array is bits 8k..8k+7 only on little-endian machines.
const IS_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Ordinary memory of its own. */
export const privatePlacement: Placement = (byteLength) => ({
  buffer: new ArrayBuffer(byteLength),
  byteOffset: 0,
});

function arrayOf<A>(
  make: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => A,
  bytesPerElement: number,
  length: number,
  placement: Placement,
): A {
  const { buffer, byteOffset } = placement(Math.max(length * bytesPerElement, 8));
  return new make(buffer, byteOffset, length);
}

/**
 * bytes: (rowCount, columnCount) codes -> the non-zero codes by rows, in arrays put where
 * `placement` says (shared memory lets worker threads and WebAssembly read them in place).
 */
export function sparseRowsFromBytes(
  bytes: Uint8Array,
  columnCount: number,
  table: Float64Array,
  placement: Placement = privatePlacement,
): SparseRows {
  if (columnCount > 0x10000) throw new RangeError(`${columnCount} columns do not fit u16 indices`);
  if (table.length !== 256 || table[0] !== 0) {
    throw new RangeError('a code table has 256 values and maps code 0 to 0');
  }
  const rowCount = Math.floor(bytes.length / columnCount);
  const rowStarts = arrayOf(Uint32Array, 4, rowCount + 1, placement);
  // Where rows are word-aligned (MNIST's 784 bytes are), both passes read four bytes at a time:
  // a run of zero pixels costs one test per four, and the count takes a word's non-zero bytes
  // from a mask with one bit per byte instead of four unpredictable branches.
  const isAligned = IS_LITTLE_ENDIAN && bytes.byteOffset % 4 === 0 && columnCount % 4 === 0;
  if (!isAligned)
    return sparseRowsByBytes(bytes, rowCount, columnCount, table, rowStarts, placement);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, (rowCount * columnCount) / 4);
  const rowWords = columnCount / 4;
  // Rows go in blocks through small functions, which the JIT optimizes after a few blocks
  // rather than after a long on-stack replacement of one 60 000-row loop.
  let total = 0;
  for (let first = 0; first < rowCount; first += ROW_BLOCK) {
    const last = Math.min(first + ROW_BLOCK, rowCount);
    total = countBlock(words, rowWords, first, last, rowStarts, total);
  }
  rowStarts[rowCount] = total;
  const columns = arrayOf(Uint16Array, 2, total, placement);
  const codes = arrayOf(Uint8Array, 1, total, placement);
  for (let first = 0; first < rowCount; first += ROW_BLOCK) {
    const last = Math.min(first + ROW_BLOCK, rowCount);
    fillBlock(words, columnCount, first, last, rowStarts[first], columns, codes);
  }
  return { rowCount, columnCount, rowStarts, columns, codes, table: tableOf(table, placement) };
}

const ROW_BLOCK = 500;

// rows [first, last): rowStarts[i] = non-zeros before row i; returns the running total
function countBlock(
  words: Uint32Array,
  rowWords: number,
  first: number,
  last: number,
  rowStarts: Uint32Array,
  total: number,
): number {
  for (let i = first; i < last; i++) {
    rowStarts[i] = total;
    const end = (i + 1) * rowWords;
    for (let w = i * rowWords; w < end; w++) {
      const word = words[w];
      if (word !== 0) total += nonZeroBytes(word);
    }
  }
  return total;
}

// rows [first, last) -> their non-zeros from slot `at` on; all-zero words are skipped whole
function fillBlock(
  words: Uint32Array,
  columnCount: number,
  first: number,
  last: number,
  at: number,
  columns: Uint16Array,
  codes: Uint8Array,
): void {
  for (let i = first, w = (first * columnCount) >> 2; i < last; i++) {
    for (let column = 0; column < columnCount; column += 4, w++) {
      const word = words[w];
      if (word === 0) continue;
      // Each byte is written at slot `at`, which moves on only past a non-zero one: no branch
      // on the pixel. (A write past the end of the arrays, after the last non-zero, is dropped.)
      for (let b = 0; b < 4; b++) {
        const code = (word >>> (8 * b)) & 0xff;
        columns[at] = column + b;
        codes[at] = code;
        at += code === 0 ? 0 : 1;
      }
    }
  }
}

// The high bit of each byte of the result is set where that byte of word is not zero.
function nonZeroMask(word: number): number {
  return (((word & 0x7f7f7f7f) + 0x7f7f7f7f) | word) & 0x80808080;
}

function nonZeroBytes(word: number): number {
  return (Math.imul(nonZeroMask(word) >>> 7, 0x01010101) >>> 24) & 0xff;
}

// The byte-at-a-time form of sparseRowsFromBytes, for rows that are not word-aligned.
function sparseRowsByBytes(
  bytes: Uint8Array,
  rowCount: number,
  columnCount: number,
  table: Float64Array,
  rowStarts: Uint32Array,
  placement: Placement,
): SparseRows {
  let total = 0;
  for (let i = 0; i < rowCount; i++) {
    rowStarts[i] = total;
    const end = (i + 1) * columnCount;
    for (let p = i * columnCount; p < end; p++) if (bytes[p] !== 0) total++;
  }
  rowStarts[rowCount] = total;
  const columns = arrayOf(Uint16Array, 2, total, placement);
  const codes = arrayOf(Uint8Array, 1, total, placement);
  let at = 0;
  for (let p = 0; p < rowCount * columnCount; p++) {
    if (bytes[p] !== 0) {
      columns[at] = p % columnCount;
      codes[at] = bytes[p];
      at++;
    }
  }
  return { rowCount, columnCount, rowStarts, columns, codes, table: tableOf(table, placement) };
}

function tableOf(table: Float64Array, placement: Placement): Float64Array {
  const out = arrayOf(Float64Array, 8, 256, placement);
  out.set(table);
  return out;
}

/** Rows [first, first + count) as their own SparseRows (columns and codes are views). */
export function sliceRows(rows: SparseRows, first: number, count: number): SparseRows {
  if (first < 0 || count < 0 || first + count > rows.rowCount) {
    throw new RangeError(`rows [${first}, ${first + count}) of ${rows.rowCount}`);
  }
  const base = rows.rowStarts[first];
  const end = rows.rowStarts[first + count];
  const rowStarts = new Uint32Array(count + 1);
  for (let i = 0; i <= count; i++) rowStarts[i] = rows.rowStarts[first + i] - base;
  return {
    rowCount: count,
    columnCount: rows.columnCount,
    rowStarts,
    columns: rows.columns.subarray(base, end),
    codes: rows.codes.subarray(base, end),
    table: rows.table,
  };
}

/** The same rows with their arrays put where `placement` says: a copy, not another scan. */
export function placeRows(rows: SparseRows, placement: Placement): SparseRows {
  const rowStarts = arrayOf(Uint32Array, 4, rows.rowStarts.length, placement);
  rowStarts.set(rows.rowStarts);
  const columns = arrayOf(Uint16Array, 2, rows.columns.length, placement);
  columns.set(rows.columns);
  const codes = arrayOf(Uint8Array, 1, rows.codes.length, placement);
  codes.set(rows.codes);
  const { rowCount, columnCount } = rows;
  return {
    rowCount,
    columnCount,
    rowStarts,
    columns,
    codes,
    table: tableOf(rows.table, placement),
  };
}
