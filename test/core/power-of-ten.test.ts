import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { powerOfTen } from '../../src/core/pow.js';

interface PowFixture {
  logspace: { exponents: number[]; values: number[] };
  tenTo: { exponents: number[]; values: number[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/ch6/numpy-pow.json', import.meta.url), 'utf8'),
) as PowFixture;

// Python's 10 ** x (glibc's pow) and numpy's logspace, to the last bit; V8's ** misses about
// one in ten of these (test/fixtures/ch6/README.md, "pow").
describe('powerOfTen against the C library and numpy', () => {
  it("equals Python's 10 ** x for the search's 1000 uniform exponents", () => {
    const ours = fixture.tenTo.exponents.map(powerOfTen);
    expect(ours).toEqual(fixture.tenTo.values);
    const v8 = fixture.tenTo.exponents.map((x) => 10 ** x);
    expect(v8).not.toEqual(fixture.tenTo.values);
  });

  it("equals np.logspace(0, -4, 16)'s scales", () => {
    expect(fixture.logspace.exponents.map(powerOfTen)).toEqual(fixture.logspace.values);
  });
});
