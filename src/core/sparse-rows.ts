// A matrix of small codes stored by rows of non-zeros (CSR), each code read through a table:
// MNIST held once for the evaluation passes. An image keeps only its ~150 non-zero pixels of 784
// (a u16 column and a u8 code each), so 70 000 images take ~32 MB instead of 440 MB as float64,
// and a product with it touches only the weights rows of lit pixels.

export interface SparseRows {
  readonly rowCount: number;
  readonly columnCount: number;
  /** rowCount + 1 entries: row i's non-zeros are [rowStarts[i], rowStarts[i + 1]). */
  readonly rowStarts: Uint32Array;
  readonly columns: Uint16Array;
  readonly codes: Uint8Array;
  /** code -> value; code 0 must mean 0, since those entries are not stored. */
  readonly table: Float64Array;
}

// Byte k of a word read through a Uint32Array is bits 8k..8k+7 only on little-endian machines.
const IS_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function arrayOf<A>(
  make: new (buffer: ArrayBufferLike) => A,
  bytesPerElement: number,
  length: number,
  isShared: boolean,
): A {
  const bytes = length * bytesPerElement;
  return new make(isShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/**
 * bytes: (rowCount, columnCount) codes -> the non-zero codes by rows. With isShared the arrays
 * live in SharedArrayBuffers, so worker threads receive them without a copy.
 */
export function sparseRowsFromBytes(
  bytes: Uint8Array,
  columnCount: number,
  table: Float64Array,
  isShared = false,
): SparseRows {
  if (columnCount > 0x10000) throw new RangeError(`${columnCount} columns do not fit u16 indices`);
  if (table.length !== 256 || table[0] !== 0) {
    throw new RangeError('a code table has 256 values and maps code 0 to 0');
  }
  const rowCount = Math.floor(bytes.length / columnCount);
  const rowStarts = arrayOf(Uint32Array, 4, rowCount + 1, isShared);
  // Both passes test four bytes at a time where rows are word-aligned (MNIST's 784 are): runs of
  // zero pixels then cost one comparison per four.
  const isAligned = IS_LITTLE_ENDIAN && bytes.byteOffset % 4 === 0 && columnCount % 4 === 0;
  const words = isAligned
    ? new Uint32Array(bytes.buffer, bytes.byteOffset, (rowCount * columnCount) / 4)
    : undefined;
  const rowWords = columnCount / 4;
  let total = 0;
  for (let i = 0; i < rowCount; i++) {
    rowStarts[i] = total;
    if (words !== undefined) {
      const end = (i + 1) * rowWords;
      for (let w = i * rowWords; w < end; w++) {
        const word = words[w];
        if (word !== 0) {
          total += (word & 0xff ? 1 : 0) + (word & 0xff00 ? 1 : 0);
          total += (word & 0xff0000 ? 1 : 0) + (word >>> 24 ? 1 : 0);
        }
      }
    } else {
      const end = (i + 1) * columnCount;
      for (let p = i * columnCount; p < end; p++) if (bytes[p] !== 0) total++;
    }
  }
  rowStarts[rowCount] = total;
  const columns = arrayOf(Uint16Array, 2, total, isShared);
  const codes = arrayOf(Uint8Array, 1, total, isShared);
  let at = 0;
  if (words !== undefined) {
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      if (word === 0) continue;
      const column = (w % rowWords) * 4;
      for (let byte = 0; byte < 4; byte++) {
        const code = (word >>> (8 * byte)) & 0xff;
        if (code !== 0) {
          columns[at] = column + byte;
          codes[at] = code;
          at++;
        }
      }
    }
  } else {
    for (let i = 0; i < rowCount; i++) {
      const base = i * columnCount;
      for (let p = 0; p < columnCount; p++) {
        const code = bytes[base + p];
        if (code !== 0) {
          columns[at] = p;
          codes[at] = code;
          at++;
        }
      }
    }
  }
  const sharedTable = arrayOf(Float64Array, 8, 256, isShared);
  sharedTable.set(table);
  return { rowCount, columnCount, rowStarts, columns, codes, table: sharedTable };
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
