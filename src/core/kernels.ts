// Fast pure-TypeScript kernels over typed arrays: the default backend and the fallback for any
// other. Each has a naive twin in kernels-reference.ts; tests hold the two equal.
// Shapes are row-major; outputs first, then inputs, then sizes.

export type Floats = Float64Array | Float32Array;

// a: (m, k), b: (k, n) -> out: (m, n)
// i-p-j order streams rows of b; a zero in a skips a whole row of b, which is most of the work
// when a is a batch of MNIST images (about 81% of pixels are 0).
export function matmul(out: Floats, a: Floats, b: Floats, m: number, k: number, n: number): void {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const outRow = i * n;
    const aRow = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p];
      if (aip === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[outRow + j] += aip * b[bRow + j];
    }
  }
}

// a: (k, m), b: (k, n) -> out: (m, n) = aᵀ·b
// Accumulates one outer product per row p of a and b; zeros in a (MNIST pixels) are skipped.
export function matmulTransA(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  out.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const aRow = p * m;
    const bRow = p * n;
    for (let i = 0; i < m; i++) {
      const api = a[aRow + i];
      if (api === 0) continue;
      const outRow = i * n;
      for (let j = 0; j < n; j++) out[outRow + j] += api * b[bRow + j];
    }
  }
}

// a: (m, k), b: (n, k) -> out: (m, n) = a·bᵀ
export function matmulTransB(
  out: Floats,
  a: Floats,
  b: Floats,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p] * b[bRow + p];
      out[i * n + j] = sum;
    }
  }
}

// a: (m, n), bias: (n) -> out: (m, n) = a + bias on every row; out may be a
export function addRowVector(out: Floats, a: Floats, bias: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[row + j] = a[row + j] + bias[j];
  }
}

// a: (m, n) -> out: (n) = sum over rows (numpy's a.sum(axis=0))
export function sumRows(out: Floats, a: Floats, m: number, n: number): void {
  out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += a[row + j];
  }
}

// a: (m, n) -> out: (m) = index of the first largest value of each row (numpy's argmax(axis=1))
export function argmaxRows(out: Int32Array, a: Floats, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let best = 0;
    let bestValue = a[row];
    for (let j = 1; j < n; j++) {
      const v = a[row + j];
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
}
