import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';

interface Case {
  seed: number;
  hyperparameter: { permutation: number[]; uniforms: [number, number][] };
  permutation: Record<string, number[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/random/numpy-chapter6-draws.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

// numpy's values to the last bit (test/fixtures/random/make_chapter6_draws.py).
describe("RandomState.permutation and uniform against numpy's", () => {
  for (const c of fixture.cases) {
    it(`seed ${c.seed}: permutation(n) right after the seed`, () => {
      for (const [n, values] of Object.entries(c.permutation)) {
        expect(Array.from(new RandomState(c.seed).permutation(Number(n))), n).toEqual(values);
      }
    });

    it(`seed ${c.seed}: the hyperparameter search's permutation(500), then uniform pairs`, () => {
      const rng = new RandomState(c.seed);
      expect(Array.from(rng.permutation(500))).toEqual(c.hyperparameter.permutation);
      for (const [decay, lr] of c.hyperparameter.uniforms) {
        expect([rng.uniform(-8, -4), rng.uniform(-6, -2)]).toEqual([decay, lr]);
      }
    });
  }
});
