// Central differences of a scalar function of one array, the independent check every layer's
// backward is held against.

export function finiteDifference(f: () => number, values: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const original = values[i];
    values[i] = original + h;
    const plus = f();
    values[i] = original - h;
    const minus = f();
    values[i] = original;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

/** Σ out · weights: a scalar whose gradient with respect to out is `weights`. */
export function weightedSum(out: ArrayLike<number>, weights: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += out[i] * weights[i];
  return sum;
}

export function randomArray(length: number, seed: number, scale = 1): Float64Array {
  // A small linear congruential generator: reproducible values without the code under test.
  let state = seed >>> 0;
  return Float64Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
