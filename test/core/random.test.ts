import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';

interface Case {
  seed: number;
  randn: number[];
  rand: number[];
  choice60000: number[];
  randint: Record<string, number[]>;
  book: {
    W1_first: number[];
    W1_last: number[];
    W1_sum: number;
    W2: number[];
    batches: number[][];
  };
  interleaved: [number[], number[], number[]];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/random/numpy-random.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

// Every value must be numpy's to the last bit: the uniform draws, the rejection loop, the cached
// second value, and the logarithm, which reproduces the C library's log() (src/core/log.ts).
function expectSameGaussians(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  const differing: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      differing.push(`value ${i}: ${actual[i]} vs numpy ${expected[i]}`);
    }
  }
  expect(differing).toEqual([]);
}

describe('RandomState', () => {
  it('randn(5) after seed 0 is the numpy sequence 1.764052345967664, 0.4001572083672233, ...', () => {
    expect(Array.from(new RandomState(0).randn(5))).toEqual([
      1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458,
      1.8675579901499675,
    ]);
  });

  it('choice(60000, 5) after seed 0 is 2732 43567 42613 52416 45891', () => {
    expect(Array.from(new RandomState(0).choice(60000, 5))).toEqual([
      2732, 43567, 42613, 52416, 45891,
    ]);
  });

  for (const c of fixture.cases) {
    describe(`seed ${c.seed}, against numpy`, () => {
      it('randn(4000) matches bit for bit', () => {
        expectSameGaussians(new RandomState(c.seed).randn(c.randn.length), c.randn);
      });
      it('rand(1000) matches bit for bit', () => {
        expect(Array.from(new RandomState(c.seed).rand(c.rand.length))).toEqual(c.rand);
      });
      it('choice(60000, 500) matches', () => {
        expect(Array.from(new RandomState(c.seed).choice(60000, 500))).toEqual(c.choice60000);
      });
      it('randint(0, high, 200) matches for ranges up to 2^31 - 1', () => {
        const rng = new RandomState(c.seed);
        for (const [high, values] of Object.entries(c.randint)) {
          expect(Array.from(rng.randint(0, Number(high), values.length)), `high ${high}`).toEqual(
            values,
          );
        }
      });
      it("draws the book's W1, W2 and first batches in numpy's order", () => {
        const rng = new RandomState(c.seed);
        const w1 = rng.randn(784 * 50);
        const w2 = rng.randn(50 * 10);
        expectSameGaussians(w1.subarray(0, 20), c.book.W1_first);
        expectSameGaussians(w1.subarray(-20), c.book.W1_last);
        expect(w1.reduce((s, v) => s + v, 0)).toBeCloseTo(c.book.W1_sum, 9);
        expectSameGaussians(w2, c.book.W2);
        for (const batch of c.book.batches) {
          expect(Array.from(rng.choice(60000, 100))).toEqual(batch);
        }
      });
      it('keeps the cached second Gaussian across other draws', () => {
        const rng = new RandomState(c.seed);
        expectSameGaussians(rng.randn(3), c.interleaved[0]);
        expect(Array.from(rng.rand(2))).toEqual(c.interleaved[1]);
        expectSameGaussians(rng.randn(3), c.interleaved[2]);
      });
    });
  }

  it('rejects seeds numpy rejects', () => {
    expect(() => new RandomState(-1)).toThrow(RangeError);
    expect(() => new RandomState(2 ** 32)).toThrow(RangeError);
    expect(() => new RandomState(1.5)).toThrow(RangeError);
  });
});
