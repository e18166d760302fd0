import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { powInteger } from '../../src/core/pow.js';

interface Case {
  base: number;
  exponent: number;
  value: number;
  cPow?: number;
}

const { cases } = JSON.parse(
  readFileSync(new URL('../fixtures/pow/exact-powers.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('powInteger', () => {
  it('is the exact power rounded once, for every base and exponent of the fixture', () => {
    const wrong = cases
      .filter((c) => c.value >= 2 ** -969 && powInteger(c.base, c.exponent) !== c.value)
      .map((c) => `${c.base} ** ${c.exponent}: ${powInteger(c.base, c.exponent)} vs ${c.value}`);
    expect(wrong).toEqual([]);
  });

  it('loses digits only far below where 1 - base ** t stops changing (Adam needs no more)', () => {
    const tiny = cases.filter((c) => c.value < 2 ** -969);
    expect(tiny.length).toBeGreaterThan(0);
    for (const c of tiny) expect(1 - powInteger(c.base, c.exponent)).toBe(1 - c.value);
  });

  it("rounds 0.9 ** 4 to 0.6561, where V8's ** is one unit above", () => {
    expect(powInteger(0.9, 4)).toBe(0.6561);
    expect(0.9 ** 4).not.toBe(0.6561);
  });

  it('rounds an exact tie to even (3 ** 34 is an odd integer above 2^53)', () => {
    expect(powInteger(3, 34)).toBe(16677181699666568);
  });

  it('refuses exponents that are not non-negative integers', () => {
    expect(() => powInteger(0.9, -1)).toThrow(RangeError);
    expect(() => powInteger(0.9, 1.5)).toThrow(RangeError);
  });
});
