// A row-major matrix over one Float64Array: the only tensor type of the math core.

export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`invalid matrix shape (${rows}, ${cols})`);
    }
    const length = rows * cols;
    if (data && data.length !== length) {
      throw new RangeError(`data of length ${data.length} does not fit shape (${rows}, ${cols})`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(length);
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** Builds a matrix from nested arrays (tests and worked examples; never the hot path). */
  static fromArrays(values: readonly (readonly number[])[]): Matrix {
    const rows = values.length;
    const cols = rows === 0 ? 0 : values[0].length;
    const out = new Matrix(rows, cols);
    values.forEach((row, i) => {
      if (row.length !== cols) {
        throw new RangeError(`row ${i} has ${row.length} values, expected ${cols}`);
      }
      out.data.set(row, i * cols);
    });
    return out;
  }

  /** A 1-D vector is a batch of one, as the book's functions treat it. */
  static rowVector(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float64Array.from(values));
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  toArrays(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.row(i)));
  }
}

export function shapeString(m: { rows: number; cols: number }): string {
  return `(${m.rows}, ${m.cols})`;
}

export function assertSameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shapes ${shapeString(a)} and ${shapeString(b)} differ`);
  }
}

export function assertShape(m: Matrix, rows: number, cols: number, what: string): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new RangeError(`${what}: expected shape (${rows}, ${cols}), got ${shapeString(m)}`);
  }
}
