// The book's smooth_curve (common/util.py), which draws the loss curves of figures 6-9 and 6-15:
// the losses reflected at both ends, convolved with a Kaiser window of 11 points (beta 2)
// normalized to sum 1, and cut back to the input's length. Within a few ulps of numpy's, not bit
// equal: numpy's i0 is a Chebyshev approximation and its convolution sums by BLAS's dot.

const WINDOW_LENGTH = 11;
const BETA = 2;

// I0(x) = Σ (x²/4)^k / (k!)²: for the window's |x| ≤ 2 the terms fall below an ulp by k = 12.
function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * Number.EPSILON; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

/** np.kaiser(length, beta): I0(beta √(1 - ((n - α) / α)²)) / I0(beta), α = (length - 1) / 2. */
export function kaiser(length: number, beta: number): Float64Array {
  const alpha = (length - 1) / 2;
  return Float64Array.from({ length }, (_, n) => {
    const ratio = (n - alpha) / alpha;
    return besselI0(beta * Math.sqrt(1 - ratio * ratio)) / besselI0(beta);
  });
}

// x: (n) -> (n) for n ≥ 11; shorter inputs give what the book's slices give (8 → 3, 7 → none).
/** The book's smooth_curve: a moving weighted mean that keeps a loss curve's length. */
export function smoothCurve(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  // np.r_[x[10:0:-1], x, x[-1:-11:-1]]: mirrored without the end points on the left, with them
  // on the right, each at most 10 long.
  const padded: number[] = [];
  for (let i = Math.min(WINDOW_LENGTH - 1, n - 1); i >= 1; i--) padded.push(x[i]);
  for (let i = 0; i < n; i++) padded.push(x[i]);
  for (let i = n - 1; i >= Math.max(0, n - (WINDOW_LENGTH - 1)); i--) padded.push(x[i]);
  const window = kaiser(WINDOW_LENGTH, BETA);
  const total = window.reduce((sum, w) => sum + w, 0);
  // np.convolve(..., mode='valid') has padded.length - 10 points; the book keeps [5, len - 5).
  const valid = padded.length - (WINDOW_LENGTH - 1);
  const half = (WINDOW_LENGTH - 1) / 2;
  const out = new Float64Array(Math.max(0, valid - 2 * half));
  for (let k = 0; k < out.length; k++) {
    let sum = 0;
    for (let j = 0; j < WINDOW_LENGTH; j++) {
      sum += padded[k + half + j] * (window[WINDOW_LENGTH - 1 - j] / total);
    }
    out[k] = sum;
  }
  return out;
}
