// base ** n for an integer n >= 0, correctly rounded. Adam's bias correction (book 6.1.6) takes
// beta1 ** t and beta2 ** t from Python, whose float power calls the C library's pow(). V8's **
// multiplies repeatedly in double precision: 0.9 ** 4 comes out one unit in the last place above
// 0.6561, and with ** the step size lr_t would leave numpy's at t = 4 and about once every 600
// steps after. glibc's pow is not correctly rounded either (within 0.52 units in the last place:
// 0.999 ** 2904 is one unit low), but at the book's betas lr_t, which is all Adam takes from
// the powers, equals numpy's at every step up to t = 60000 with the correctly rounded powers.
//
// The power is built by repeated squaring in double-double arithmetic (a value held as an
// unevaluated sum hi + lo, about 106 bits), whose relative error stays near 2^-100 for any
// exponent that fits 2^53, and then rounded once. Results below about 2^-969 lose digits to
// underflow in the low parts; 1 - beta ** t is exactly 1 long before.

// Dekker's splitting constant 2^27 + 1: a double splits into two halves of 26 bits.
const SPLIT = 134217729;

interface DoubleDouble {
  hi: number;
  lo: number;
}

// (a.hi + a.lo) * (b.hi + b.lo) to about 106 bits, normalized so hi = round(hi + lo)
function multiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const p = a.hi * b.hi;
  const ca = SPLIT * a.hi;
  const aHigh = ca - (ca - a.hi);
  const aLow = a.hi - aHigh;
  const cb = SPLIT * b.hi;
  const bHigh = cb - (cb - b.hi);
  const bLow = b.hi - bHigh;
  // The rounding error of p, exactly (Dekker's two-product).
  const error = aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
  const lo = error + (a.hi * b.lo + a.lo * b.hi);
  const hi = p + lo;
  return { hi, lo: lo - (hi - p) };
}

/** base ** exponent for an integer exponent >= 0, rounded once from a ~106-bit product. */
export function powInteger(base: number, exponent: number): number {
  if (!Number.isSafeInteger(exponent) || exponent < 0) {
    throw new RangeError(`exponent must be a non-negative integer, got ${exponent}`);
  }
  let result: DoubleDouble = { hi: 1, lo: 0 };
  let square: DoubleDouble = { hi: base, lo: 0 };
  for (let n = exponent; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) result = multiply(result, square);
    if (n > 1) square = multiply(square, square);
  }
  return result.hi + result.lo;
}

// a + b exactly, as a double-double (Knuth's two-sum).
function add(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const s = a.hi + b.hi;
  const v = s - a.hi;
  const error = a.hi - (s - v) + (b.hi - v) + a.lo + b.lo;
  const hi = s + error;
  return { hi, lo: error - (hi - s) };
}

// ln 10 and ln 2, each as a double-double.
const LN10: DoubleDouble = { hi: 2.302585092994046, lo: -2.1707562233822494e-16 };
const LN2: DoubleDouble = { hi: 0.6931471805599453, lo: 2.3190468138462996e-17 };

/**
 * 10 ** x for a finite x of moderate size (|x| < 300), correctly rounded but in cases closer to
 * a rounding boundary than 2^-100: what Python's float power (glibc's pow, within its 0.52 units
 * in the last place, correct on every value the chapter takes) gives for
 * hyperparameter_optimization.py's 10 ** np.random.uniform(…) and np.logspace's scales, where
 * V8's ** is one unit off about one time in ten. exp(x · ln 10) in double-double: split off a
 * power of two, then a Taylor series on the rest.
 */
export function powerOfTen(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 300) {
    throw new RangeError(`10 ** ${x} is outside what powerOfTen computes`);
  }
  const y = multiply({ hi: x, lo: 0 }, LN10);
  const k = Math.round(y.hi / LN2.hi);
  // r = y - k · ln 2, |r| ≤ ln 2 / 2 (k · LN2.hi is exact: k has at most 10 bits).
  const r = add(y, multiply({ hi: -k, lo: 0 }, LN2));
  let term: DoubleDouble = { hi: 1, lo: 0 };
  let sum: DoubleDouble = { hi: 1, lo: 0 };
  for (let n = 1; n <= 27; n++) {
    term = multiply(term, r);
    term = divideBy(term, n);
    sum = add(sum, term);
  }
  return (sum.hi + sum.lo) * 2 ** k;
}

// a / n for a small whole n, to about 106 bits.
function divideBy(a: DoubleDouble, n: number): DoubleDouble {
  const q1 = a.hi / n;
  // The remainder a - q1 · n, exactly enough for a second quotient digit.
  const product = multiply({ hi: q1, lo: 0 }, { hi: n, lo: 0 });
  const rest = add(a, { hi: -product.hi, lo: -product.lo });
  const q2 = rest.hi / n;
  const hi = q1 + q2;
  return { hi, lo: q2 - (hi - q1) };
}
