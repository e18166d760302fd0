// The chapter-4 gradient (book 4.4.2: every parameter nudged by ±h, the loss evaluated twice)
// without 80 000 full forward passes. Nudging one weight changes few numbers: W1[p][j] changes
// hidden unit j only in the batch rows where pixel p is lit (about 19 of 100), b1[j] hidden unit
// j of every row, W2[j][k] and b2[k] score k of every row. Only those are recomputed — each from
// scratch, in the order the full forward pass computes it — and the loss is summed again over
// all rows in order. So every loss equals TwoLayerNet's forward loss to the last bit (tests hold
// the gradients equal to TwoLayerNet.numericalGradient), at a fraction of the work.

import { reluForward, sigmoidForward } from '../core/kernels/elementwise.js';
import { softmaxRows } from '../core/kernels/rows.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { NetworkShape, Params } from '../nn/shape.js';
import { twoLayerSizes } from './fused-step.js';

/** Parameters of W2 between pauses (a pixel's worth of W1 costs about as much). */
const PAUSE_EVERY = 64;

const goOn = () => Promise.resolve(true);

export class FastNumericalGradient {
  readonly grads: Params<Float64Array>;
  private readonly activate: (out: Float64Array, a: Float64Array, length: number) => void;
  // The unnudged forward pass: s = product before the bias, z = activation, a2 = scores.
  private s1 = new Float64Array(0);
  private z1 = new Float64Array(0);
  private s2 = new Float64Array(0);
  private logs = new Float64Array(0);
  // The batch by rows (entries of row i: [rowStart[i], rowStart[i + 1])) and, for each pixel,
  // the batch rows where it is lit.
  private rowStart = new Int32Array(0);
  private entryColumn = new Int32Array(0);
  private entryValue = new Float64Array(0);
  private pixelStart = new Int32Array(0);
  private pixelRows = new Int32Array(0);
  // One row's worth of work space.
  private readonly one = new Float64Array(1);
  private readonly oneOut = new Float64Array(1);
  private readonly scores: Float64Array;
  private readonly probabilities: Float64Array;
  private readonly hiddenRow: Float64Array;
  private readonly trialLogs: Float64Array;

  /** The layer sizes [input, hidden, output]. */
  private readonly sizes: [number, number, number];

  /** crossEntropyDelta: the delta inside the loss's log, as the network's SoftmaxWithLoss has it. */
  constructor(
    shape: NetworkShape,
    private readonly crossEntropyDelta: number,
    batchSize: number,
  ) {
    this.sizes = twoLayerSizes(shape);
    const [I, H, O] = this.sizes;
    this.grads = {
      W1: new Float64Array(I * H),
      b1: new Float64Array(H),
      W2: new Float64Array(H * O),
      b2: new Float64Array(O),
    };
    this.activate = shape.activation === 'relu' ? reluForward : sigmoidForward;
    this.scores = new Float64Array(O);
    this.probabilities = new Float64Array(O);
    this.hiddenRow = new Float64Array(H);
    this.trialLogs = new Float64Array(batchSize);
  }

  /**
   * rows[indices]: (m, input), labels: (m) -> this.grads, the central differences of the loss
   * with step h for every parameter, in the book's order (W1, b1, W2, b2); returns the loss.
   * params are nudged in place and restored, as numerical_gradient does. Between pixels (and
   * blocks of the other parameters) it awaits `pause`, which answers whether to go on: when it
   * says no, every parameter is as it was and the answer is undefined.
   */
  async gradient(
    params: Params<Float64Array>,
    rows: SparseRows,
    indices: ArrayLike<number>,
    labels: ArrayLike<number>,
    m: number,
    h: number,
    pause: () => Promise<boolean> = goOn,
  ): Promise<number | undefined> {
    const [I, H, O] = this.sizes;
    this.prepare(params, rows, indices, labels, m);
    let logSum = 0;
    for (let i = 0; i < m; i++) logSum += this.logs[i];
    const baseLoss = -logSum / m;
    const { W1, b1, W2, b2 } = params;
    const grads = this.grads;

    for (let p = 0; p < I; p++) {
      const lit = this.pixelStart[p + 1] - this.pixelStart[p];
      for (let j = 0; j < H; j++) {
        const idx = p * H + j;
        if (lit === 0) {
          // No row sees this weight: both losses are the unnudged one.
          grads.W1[idx] = (baseLoss - baseLoss) / (2 * h);
          continue;
        }
        const tmp = W1[idx];
        W1[idx] = tmp + h;
        const plus = this.lossForHidden(params, labels, m, p, j);
        W1[idx] = tmp - h;
        const minus = this.lossForHidden(params, labels, m, p, j);
        grads.W1[idx] = (plus - minus) / (2 * h);
        W1[idx] = tmp;
      }
      if (!(await pause())) return undefined;
    }
    for (let j = 0; j < H; j++) {
      const tmp = b1[j];
      b1[j] = tmp + h;
      const plus = this.lossForHidden(params, labels, m, -1, j);
      b1[j] = tmp - h;
      const minus = this.lossForHidden(params, labels, m, -1, j);
      grads.b1[j] = (plus - minus) / (2 * h);
      b1[j] = tmp;
    }
    for (let idx = 0; idx < H * O; idx++) {
      const tmp = W2[idx];
      W2[idx] = tmp + h;
      const plus = this.lossForScore(params, labels, m, idx % O);
      W2[idx] = tmp - h;
      const minus = this.lossForScore(params, labels, m, idx % O);
      grads.W2[idx] = (plus - minus) / (2 * h);
      W2[idx] = tmp;
      if (idx % PAUSE_EVERY === PAUSE_EVERY - 1 && !(await pause())) return undefined;
    }
    for (let k = 0; k < O; k++) {
      const tmp = b2[k];
      b2[k] = tmp + h;
      const plus = this.lossForScore(params, labels, m, k);
      b2[k] = tmp - h;
      const minus = this.lossForScore(params, labels, m, k);
      grads.b2[k] = (plus - minus) / (2 * h);
      b2[k] = tmp;
    }
    return baseLoss;
  }

  // The batch lists and the unnudged forward pass.
  private prepare(
    params: Params<Float64Array>,
    rows: SparseRows,
    indices: ArrayLike<number>,
    labels: ArrayLike<number>,
    m: number,
  ): void {
    const [I, H, O] = this.sizes;
    let entries = 0;
    for (let i = 0; i < m; i++) {
      entries += rows.rowStarts[indices[i] + 1] - rows.rowStarts[indices[i]];
    }
    if (this.rowStart.length < m + 1) this.rowStart = new Int32Array(m + 1);
    if (this.entryColumn.length < entries) {
      this.entryColumn = new Int32Array(entries);
      this.entryValue = new Float64Array(entries);
      this.pixelRows = new Int32Array(entries);
    }
    if (this.pixelStart.length < I + 1) this.pixelStart = new Int32Array(I + 1);
    if (this.s1.length < m * H) {
      this.s1 = new Float64Array(m * H);
      this.z1 = new Float64Array(m * H);
    }
    if (this.s2.length < m * O) {
      this.s2 = new Float64Array(m * O);
      this.logs = new Float64Array(m);
    }
    const { rowStart, entryColumn, entryValue, pixelStart, pixelRows } = this;
    pixelStart.fill(0);
    let at = 0;
    for (let i = 0; i < m; i++) {
      rowStart[i] = at;
      const end = rows.rowStarts[indices[i] + 1];
      for (let t = rows.rowStarts[indices[i]]; t < end; t++) {
        entryColumn[at] = rows.columns[t];
        entryValue[at] = rows.table[rows.codes[t]];
        pixelStart[rows.columns[t] + 1]++;
        at++;
      }
    }
    rowStart[m] = at;
    for (let p = 0; p < I; p++) pixelStart[p + 1] += pixelStart[p];
    const cursor = Int32Array.from(pixelStart.subarray(0, I));
    for (let i = 0; i < m; i++) {
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) pixelRows[cursor[entryColumn[e]]++] = i;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < H; j++) this.s1[i * H + j] = this.hiddenSum(params.W1, i, j);
      for (let j = 0; j < H; j++) this.hiddenRow[j] = this.s1[i * H + j] + params.b1[j];
      this.activate(this.z1.subarray(i * H, (i + 1) * H), this.hiddenRow, H);
      for (let k = 0; k < O; k++) this.s2[i * O + k] = this.scoreSum(this.z1, i * H, params.W2, k);
      this.logs[i] = this.rowLog(params, labels[i], i, -1, 0);
    }
  }

  // x[i] · W1[:, j] over row i's lit pixels in ascending order, as the dense product sums it.
  private hiddenSum(W1: Float64Array, i: number, j: number): number {
    const H = this.sizes[1];
    let sum = 0;
    for (let e = this.rowStart[i]; e < this.rowStart[i + 1]; e++) {
      sum += this.entryValue[e] * W1[this.entryColumn[e] * H + j];
    }
    return sum;
  }

  // z[at .. at + hidden) · W2[:, k], skipping zeros of z as the dense product does.
  private scoreSum(z: Float64Array, at: number, W2: Float64Array, k: number): number {
    const [, H, O] = this.sizes;
    let sum = 0;
    for (let j = 0; j < H; j++) {
      const v = z[at + j];
      if (v !== 0) sum += v * W2[j * O + k];
    }
    return sum;
  }

  // log(y[label] + delta) of row i, its scores s2[i] + b2 except score `k` (when k >= 0) = sk.
  private rowLog(
    params: Params<Float64Array>,
    label: number,
    i: number,
    k: number,
    sk: number,
  ): number {
    const O = this.sizes[2];
    for (let c = 0; c < O; c++) {
      this.scores[c] = (c === k ? sk : this.s2[i * O + c]) + params.b2[c];
    }
    softmaxRows(this.probabilities, this.scores, 1, O);
    return Math.log(this.probabilities[label] + this.crossEntropyDelta);
  }

  // The loss after hidden unit j changed: in the rows where pixel p is lit (p >= 0), or in all.
  private lossForHidden(
    params: Params<Float64Array>,
    labels: ArrayLike<number>,
    m: number,
    p: number,
    j: number,
  ): number {
    const [, H, O] = this.sizes;
    const trial = this.trialLogs;
    for (let i = 0; i < m; i++) trial[i] = this.logs[i];
    const first = p >= 0 ? this.pixelStart[p] : 0;
    const last = p >= 0 ? this.pixelStart[p + 1] : m;
    for (let r = first; r < last; r++) {
      const i = p >= 0 ? this.pixelRows[r] : r;
      const s = p >= 0 ? this.hiddenSum(params.W1, i, j) : this.s1[i * H + j];
      this.one[0] = s + params.b1[j];
      this.activate(this.oneOut, this.one, 1);
      for (let c = 0; c < H; c++) this.hiddenRow[c] = c === j ? this.oneOut[0] : this.z1[i * H + c];
      for (let k = 0; k < O; k++) this.scores[k] = this.scoreSum(this.hiddenRow, 0, params.W2, k);
      for (let k = 0; k < O; k++) this.scores[k] += params.b2[k];
      softmaxRows(this.probabilities, this.scores, 1, O);
      trial[i] = Math.log(this.probabilities[labels[i]] + this.crossEntropyDelta);
    }
    let sum = 0;
    for (let i = 0; i < m; i++) sum += trial[i];
    return -sum / m;
  }

  // The loss after score k changed in every row (a nudge of W2[:, k] or b2[k]).
  private lossForScore(
    params: Params<Float64Array>,
    labels: ArrayLike<number>,
    m: number,
    k: number,
  ): number {
    const H = this.sizes[1];
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const sk = this.scoreSum(this.z1, i * H, params.W2, k);
      sum += this.rowLog(params, labels[i], i, k, sk);
    }
    return -sum / m;
  }
}
