import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';

/** A draw, its arguments, and numpy's values: ['choice', 60000, 4, [...]] or ['rand', 2, 3, [...]]. */
type Step = [kind: 'randn' | 'rand' | 'choice', ...args: number[], values: number[]];
interface Case {
  seed: number;
  rand: Record<string, number[]>;
  interleaved: Step[];
  training: {
    weights: [number[], number[], number[]];
    iterations: { batch: number[]; masks: [number[], number[]] }[];
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/random/numpy-rand.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

// Each value is numpy's to the last bit: a 53-bit double from two 32-bit words, (a >> 5) · 2^26
// + (b >> 6) over 2^53, so toEqual (which tells -0 from 0 and compares doubles exactly) is the
// right comparison.
describe("RandomState.rand against numpy's random_sample", () => {
  for (const c of fixture.cases) {
    describe(`seed ${c.seed}`, () => {
      it('rand(count) matches for counts from 1 to past a state refill', () => {
        for (const [count, values] of Object.entries(c.rand)) {
          expect(Array.from(new RandomState(c.seed).rand(Number(count))), count).toEqual(values);
        }
      });

      it('fillRand draws the same values into part of a larger buffer, leaving the rest', () => {
        const values = c.rand['64'];
        const out = new Float64Array(70).fill(-1);
        new RandomState(c.seed).fillRand(out, 64);
        expect(Array.from(out.subarray(0, 64))).toEqual(values);
        expect(Array.from(out.subarray(64))).toEqual(new Array<number>(6).fill(-1));
      });

      it('keeps its place between randn, rand and choice as numpy does', () => {
        const rng = new RandomState(c.seed);
        for (const step of c.interleaved) {
          const [kind, ...rest] = step;
          const args = rest.slice(0, -1) as number[];
          const expected = rest[rest.length - 1] as number[];
          const drawn =
            kind === 'choice'
              ? rng.choice(args[0], args[1])
              : kind === 'randn'
                ? rng.randn(expected.length)
                : rng.rand(expected.length);
          expect(Array.from(drawn), `${kind} ${args.join(' ')}`).toEqual(expected);
        }
      });

      it('draws weights, batches and dropout masks in the order of a training run', () => {
        const rng = new RandomState(c.seed);
        for (const weights of c.training.weights) {
          expect(Array.from(rng.randn(weights.length))).toEqual(weights);
        }
        for (const { batch, masks } of c.training.iterations) {
          expect(Array.from(rng.choice(100, batch.length))).toEqual(batch);
          for (const mask of masks) expect(Array.from(rng.rand(mask.length))).toEqual(mask);
        }
      });
    });
  }

  it('refuses to draw more values than the buffer holds', () => {
    expect(() => new RandomState(0).fillRand(new Float64Array(3), 4)).toThrow(RangeError);
    expect(() => new RandomState(0).fillRand(new Float64Array(3), -1)).toThrow(RangeError);
  });
});
