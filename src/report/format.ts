// Numbers and arrays printed the way the book's Python prints them: repr() for a float, and
// numpy's str() for an array (precision 8, "maxprec" float mode, 75-column lines), so a reader
// can compare our output with the book character for character.

/** Python's repr() of a float: shortest round-trip digits, exponent below 1e-4 or from 1e16. */
export function pyRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const { sign, digits, exponent } = shortestDigits(x);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponentText(exponent, 2)}`;
  }
  return `${sign}${positional(digits, exponent, 1)}`;
}

/** numpy's print of a 1-D float array, e.g. `[-6.11110793e-10  8.14814391e-10]`. */
export function numpyArray(values: ArrayLike<number>): string {
  const words = floatWords(Array.from(values));
  return wrapRow(words, ' ', LINE_WIDTH);
}

/** numpy's print of a 2-D float array, one row per line. */
export function numpyMatrix(rows: readonly (readonly number[])[]): string {
  const words = floatWords(rows.flat());
  return wrapRows(rows, words);
}

/** numpy's print of a 1-D integer array, e.g. `[41825 38990     8]`. */
export function numpyIntArray(values: ArrayLike<number>): string {
  const texts = Array.from(values, (v) => String(v));
  const width = Math.max(0, ...texts.map((t) => t.length));
  return wrapRow(
    texts.map((t) => t.padStart(width)),
    ' ',
    LINE_WIDTH,
  );
}

/** A Python tuple of integers as the book prints a shape: `(60000, 784)`, `(10,)`. */
export function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

const LINE_WIDTH = 75;
const PRECISION = 8;

interface Digits {
  sign: string;
  /** significant digits without leading or trailing zeros */
  digits: string;
  /** decimal exponent of the first digit */
  exponent: number;
}

function shortestDigits(x: number): Digits {
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  return {
    sign: x < 0 || Object.is(x, -0) ? '-' : '',
    digits: mantissa.replace('.', ''),
    exponent: Number(exp),
  };
}

function exponentText(exponent: number, minDigits: number): string {
  return `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(minDigits, '0')}`;
}

/** digits × 10^exponent written out with at least minFraction digits after the point. */
function positional(digits: string, exponent: number, minFraction: number): string {
  let whole: string;
  let fraction: string;
  if (exponent < 0) {
    whole = '0';
    fraction = '0'.repeat(-exponent - 1) + digits;
  } else {
    whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    fraction = digits.slice(exponent + 1);
  }
  return `${whole}.${fraction.padEnd(minFraction, '0')}`;
}

/** The exact decimal expansion of a finite, non-zero |x|: every digit the double holds. */
function exactDigits(x: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = Math.max(biased, 1) - 1075;
  // |x| = mantissa · 2^power, and for a negative power that is mantissa · 5^-power · 10^power
  const scaled = power >= 0 ? mantissa << BigInt(power) : mantissa * 5n ** BigInt(-power);
  const text = scaled.toString();
  const shift = power >= 0 ? 0 : power;
  return { digits: text.replace(/0+$/, ''), exponent: text.length - 1 + shift };
}

/**
 * Digits rounded to the first `keep` of them as numpy's Dragon4 rounds when it cuts digits off:
 * by the exact value, an exact tie going to the even digit (JS toFixed would round it up).
 */
function roundDigits(
  { digits, exponent }: { digits: string; exponent: number },
  keep: number,
): { digits: string; exponent: number } {
  if (keep >= digits.length) return { digits, exponent };
  if (keep < 0) return { digits: '', exponent };
  const head = digits.slice(0, keep);
  const next = digits[keep];
  const isTie = next === '5' && digits.length === keep + 1;
  const isOdd = head !== '' && Number(head[head.length - 1]) % 2 === 1;
  if (next < '5' || (isTie && !isOdd)) return { digits: head.replace(/0+$/, ''), exponent };
  const raised = (BigInt(head || '0') + 1n).toString();
  const grew = raised.length > keep ? 1 : 0;
  return { digits: raised.replace(/0+$/, ''), exponent: exponent + grew };
}

/** Dragon4 positional, unique digits cut at PRECISION decimals, trailing zeros trimmed to '.'. */
function positionalUnique(x: number): string {
  const { sign, digits, exponent } = shortestDigits(x);
  const fractionDigits = Math.max(0, digits.length - 1 - exponent);
  let text: string;
  if (x === 0) text = '0.';
  else if (fractionDigits <= PRECISION) text = positional(digits, exponent, 0);
  else {
    const exact = exactDigits(x);
    const rounded = roundDigits(exact, exact.exponent + 1 + PRECISION);
    text = rounded.digits === '' ? '0.' : positional(rounded.digits, rounded.exponent, 0);
  }
  return sign + text;
}

interface Scientific {
  sign: string;
  whole: string;
  fraction: string;
  exponent: number;
}

/** Dragon4 scientific, unique digits cut at PRECISION digits after the first. */
function scientificUnique(x: number): Scientific {
  const shortest = shortestDigits(x);
  let digits = shortest.digits;
  let exponent = shortest.exponent;
  if (x !== 0 && digits.length - 1 > PRECISION) {
    ({ digits, exponent } = roundDigits(exactDigits(x), PRECISION + 1));
  }
  return { sign: shortest.sign, whole: digits[0], fraction: digits.slice(1), exponent };
}

/** Every element formatted and padded alike, as numpy's FloatingFormat does for one array. */
function floatWords(values: number[]): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const magnitudes = finite.filter((v) => v !== 0).map(Math.abs);
  let isExponential = false;
  if (magnitudes.length > 0) {
    const max = Math.max(...magnitudes);
    const min = Math.min(...magnitudes);
    isExponential = max >= 1e8 || min < 0.0001 || max / min > 1000;
  }
  if (isExponential) {
    const parts = values.map((v) => (Number.isFinite(v) ? scientificUnique(v) : undefined));
    const present = parts.filter((p): p is Scientific => p !== undefined);
    const fractionWidth = Math.max(...present.map((p) => p.fraction.length));
    const expDigits = Math.max(2, ...present.map((p) => String(Math.abs(p.exponent)).length));
    const padLeft = Math.max(...present.map((p) => p.sign.length + 1));
    const width = padLeft + 1 + fractionWidth + 2 + expDigits;
    return parts.map((p, i) =>
      p === undefined
        ? nonFinite(values[i]).padStart(width)
        : `${(p.sign + p.whole).padStart(padLeft)}.${p.fraction.padEnd(fractionWidth, '0')}` +
          `e${exponentText(p.exponent, expDigits)}`,
    );
  }
  const texts = values.map((v) => (Number.isFinite(v) ? positionalUnique(v) : undefined));
  const split = texts.filter((t): t is string => t !== undefined).map((t) => t.split('.'));
  const padLeft = Math.max(0, ...split.map(([whole]) => whole.length));
  const padRight = Math.max(0, ...split.map(([, fraction]) => fraction.length));
  return texts.map((t, i) => {
    if (t === undefined) return nonFinite(values[i]).padStart(padLeft + padRight + 1);
    const [whole, fraction] = t.split('.');
    return `${whole.padStart(padLeft)}.${fraction.padEnd(padRight)}`;
  });
}

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

/** numpy's _formatArray for the last axis: words joined by spaces, wrapped before `width`. */
function wrapRow(words: string[], indent: string, width: number): string {
  const elementWidth = width - 1;
  let text = '';
  let line = indent;
  words.forEach((word, i) => {
    const needsWrap = line.length + word.length > elementWidth && line.length > indent.length;
    if (needsWrap) {
      text += `${line.trimEnd()}\n`;
      line = indent;
    }
    line += word;
    if (i < words.length - 1) line += ' ';
  });
  text += line;
  return `[${text.slice(indent.length)}]`;
}

function wrapRows(rows: readonly (readonly number[])[], words: string[]): string {
  let offset = 0;
  const lines = rows.map((row) => {
    const rowWords = words.slice(offset, offset + row.length);
    offset += row.length;
    return wrapRow(rowWords, '  ', LINE_WIDTH - 1);
  });
  return `[${lines.join('\n ')}]`;
}

/**
 * Python's format(x, '.{digits}g'): `digits` significant digits, trailing zeros dropped, in
 * scientific form when the exponent is below -4 or at least `digits` (0.499, 1.17e-06, 3.06e+04).
 */
export function pyGeneral(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const rounded = roundDigits(exactDigits(x), digits);
  if (rounded.exponent >= -4 && rounded.exponent < digits) {
    return sign + positional(rounded.digits, rounded.exponent, 0).replace(/\.$/, '');
  }
  const [first, ...rest] = rounded.digits;
  const mantissa = rest.length === 0 ? first : `${first}.${rest.join('')}`;
  return `${sign}${mantissa}e${exponentText(rounded.exponent, 2)}`;
}
