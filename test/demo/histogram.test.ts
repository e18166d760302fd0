import { describe, expect, it } from 'vitest';
import { histogram, linspace } from '../../src/demo/histogram.js';
import { RandomState } from '../../src/core/random.js';
import { readFixture } from '../fixtures/ch6/fixture.js';

const fixture = readFixture<{ runs: { edges: number[] }[] }>('numpy-weight-init-histogram.json');

/** The bin of v by the edges alone: the last edge not above v, the last bin closed. */
function binByEdges(v: number, edges: readonly number[]): number {
  if (v === edges[edges.length - 1]) return edges.length - 2;
  let bin = -1;
  while (bin + 1 < edges.length && edges[bin + 1] <= v) bin++;
  return bin;
}

function nextDown(v: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

describe('histogram (np.histogram with equal bins)', () => {
  it("has numpy's edges: np.linspace(0, 1, 31)", () => {
    expect(linspace(0, 1, 31)).toEqual(fixture.runs[0].edges);
    expect(histogram([], 30, [0, 1]).edges).toEqual(fixture.runs[0].edges);
  });

  it('puts a value on an edge in the bin it opens, one unit below it in the bin before', () => {
    const edges = linspace(0, 1, 31);
    for (let i = 0; i < 30; i++) {
      expect(histogram([edges[i]], 30, [0, 1]).counts[i]).toBe(1);
      if (i > 0) expect(histogram([nextDown(edges[i])], 30, [0, 1]).counts[i - 1]).toBe(1);
    }
  });

  it('closes the last bin at 1, and counts apart what lies outside [0, 1]', () => {
    const h = histogram([1, -1e-300, 1.0000000000000002, 0, NaN], 30, [0, 1]);
    expect(h.counts[29]).toBe(1);
    expect(h.counts[0]).toBe(1);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect([h.belowRange, h.aboveRange]).toEqual([1, 1]);
  });

  // [0, 1] in 30 bins never needs the correction; 7 and 10 bins do (0.6 · 10 rounds up to 6)
  for (const [bins, low, high] of [
    [30, 0, 1],
    [10, 0, 1],
    [7, 0, 1],
    [9, 0.1, 0.7],
  ]) {
    it(`agrees with binning by the edges alone: ${bins} bins over [${low}, ${high}]`, () => {
      const edges = linspace(low, high, bins + 1);
      const random = new RandomState(1);
      const values = [
        ...edges.flatMap((e) => [e, nextDown(e), nextDown(nextDown(e)), e * (1 + 1e-15)]),
        ...Array.from(random.rand(10000), (u) => low + u * (high - low)),
      ].filter((v) => v >= low && v <= high);
      const expected = new Array<number>(bins).fill(0);
      for (const v of values) expected[binByEdges(v, edges)]++;
      expect(histogram(values, bins, [low, high]).counts).toEqual(expected);
    });
  }
});
