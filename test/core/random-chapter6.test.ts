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

describe('RandomState.getState and fromState', () => {
  it('go on from the same place, the cached normal included', () => {
    const c = fixture.cases[0];
    const rng = new RandomState(c.seed);
    rng.permutation(500);
    const [decay] = c.hyperparameter.uniforms[0];
    expect(rng.uniform(-8, -4)).toBe(decay);
    // An odd number of normals leaves the second of a pair cached.
    rng.randn(3);
    const copy = RandomState.fromState(rng.getState());
    const original = [...rng.randn(5), rng.uniform(0, 1), ...rng.choice(400, 7)];
    expect([...copy.randn(5), copy.uniform(0, 1), ...copy.choice(400, 7)]).toEqual(original);
  });
});
