// numpy's legacy RandomState (np.random.seed / randn / rand / randint / choice), bit for bit,
// so that `--seed N` reproduces a numpy script run after np.random.seed(N).
// MT19937 as in Matsumoto & Nishimura's mt19937ar.c; the derived distributions as in numpy's
// legacy distributions (random_sample from two 32-bit draws, the polar Gaussian that caches
// its second value, bounded integers by masked rejection).

import { log } from './log.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** The generator's whole state: the Mersenne Twister key, its position, the cached normal. */
export interface RandomStateSnapshot {
  key: Uint32Array;
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** np.random.seed(seed) for an integer seed in [0, 2^32 - 1] (init_genrand). */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /**
   * np.random.get_state(): where the generator is, as plain values a worker thread can be sent,
   * to go on from there with fromState (numpy's set_state).
   */
  getState(): RandomStateSnapshot {
    return { key: this.mt.slice(), pos: this.index, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  static fromState(state: RandomStateSnapshot): RandomState {
    const random = new RandomState(0);
    random.mt.set(state.key);
    random.index = state.pos;
    random.hasGauss = state.hasGauss;
    random.gauss = state.gauss;
    return random;
  }

  /** One 32-bit draw (genrand_int32), as an unsigned integer. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53-bit resolution (random_sample). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One standard normal draw (legacy_gauss: Marsaglia's polar method, second value cached). */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** np.random.randn(size): standard normals in row-major order. */
  randn(size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.standardNormal();
    return out;
  }

  /** np.random.rand(size) (random_sample): uniform doubles in [0, 1), in row-major order. */
  rand(size: number): Float64Array {
    const out = new Float64Array(size);
    this.fillRand(out);
    return out;
  }

  /**
   * Fills the first `count` values of out with rand draws without allocating (a Dropout layer's
   * mask, drawn every training pass into a buffer that outlives the batch).
   */
  fillRand(out: Float64Array, count = out.length): void {
    if (!Number.isInteger(count) || count < 0 || count > out.length) {
      throw new RangeError(`cannot draw ${count} values into a buffer of ${out.length}`);
    }
    for (let i = 0; i < count; i++) out[i] = this.randomSample();
  }

  /** np.random.randint(low, high, size) for ranges below 2^32, by masked rejection. */
  randint(low: number, high: number, size: number): Int32Array {
    const out = new Int32Array(size);
    this.fillRandint(out, low, high);
    return out;
  }

  /** Fills out with randint(low, high) draws without allocating (the training loop's batches). */
  fillRandint(out: Int32Array, low: number, high: number): void {
    const range = high - low - 1;
    if (!Number.isInteger(low) || !Number.isInteger(high) || range < 0 || range > 0x7fffffff) {
      throw new RangeError(`randint range [${low}, ${high}) is empty or too large`);
    }
    if (range === 0) {
      out.fill(low);
      return;
    }
    const mask = maskAbove(range);
    for (let i = 0; i < out.length; i++) out[i] = low + this.masked(range, mask);
  }

  /** np.random.uniform(low, high): one double, low + (high - low) · random_sample(). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSample();
  }

  /**
   * np.random.permutation(n): 0 … n-1 shuffled as numpy's legacy shuffle does, from the last
   * position down, each swapped with an index drawn by masked rejection in [0, i].
   */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`cannot permute ${n} items`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.masked(i, maskAbove(i));
      const swap = out[i];
      out[i] = out[j];
      out[j] = swap;
    }
    return out;
  }

  /** A draw in [0, max] by masked rejection (numpy's legacy random_interval); mask = maskAbove(max). */
  private masked(max: number, mask: number): number {
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** np.random.choice(n, size): indices drawn uniformly with replacement. */
  choice(n: number, size: number): Int32Array {
    return this.randint(0, n, size);
  }
}

/** The smallest all-ones bit mask covering max (max < 2^31). */
function maskAbove(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask;
}
