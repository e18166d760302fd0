import { describe, expect, it } from 'vitest';
import { kaiser, smoothCurve } from '../../src/report/smooth-curve.js';
import { readFixture } from '../fixtures/ch6/fixture.js';

interface SmoothFixture {
  kaiser: number[];
  window: number[];
  cases: { name: string; x: number[]; y: number[] }[];
}

const fixture = readFixture<SmoothFixture>('smooth-curve.json');

/** How many ulps of the larger magnitude separate a and b. */
function ulpsApart(a: number, b: number): number {
  return Math.abs(a - b) / (Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)));
}

describe('kaiser', () => {
  // numpy's i0 is a Chebyshev fit, ours the power series: both within an ulp or so of I0.
  it('is np.kaiser(11, 2) within an ulp, symmetric, 1 at the centre', () => {
    const window = kaiser(11, 2);
    fixture.kaiser.forEach((expected, i) => expect(ulpsApart(window[i], expected)).toBeLessThan(1));
    expect(window[5]).toBe(1);
    for (let i = 0; i < 5; i++) expect(window[i]).toBe(window[10 - i]);
  });
});

describe('smoothCurve', () => {
  // Each output is a weighted mean of 11 inputs with positive weights summing to 1, so an error
  // of a few ulps in each weight and in each of the 11 additions stays a few ulps of the result.
  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    "is the book's smooth_curve within 4 ulps (2.3 measured): %s",
    (_, { x, y }) => {
      const smoothed = smoothCurve(x);
      expect(smoothed.length).toBe(y.length);
      const worst = Math.max(0, ...y.map((expected, i) => ulpsApart(smoothed[i], expected)));
      expect(worst).toBeLessThan(4);
    },
  );

  it('keeps a constant curve constant and its length', () => {
    const smoothed = smoothCurve(new Array(30).fill(0.25));
    expect(smoothed.length).toBe(30);
    for (const value of smoothed) expect(value).toBeCloseTo(0.25, 15);
  });

  it('gives nothing for an empty curve (numpy refuses one)', () => {
    expect(smoothCurve([]).length).toBe(0);
  });
});
