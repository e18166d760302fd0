import { describe, expect, it } from 'vitest';
import {
  numpyArray,
  numpyIntArray,
  numpyMatrix,
  pyGeneral,
  pyRepr,
  pyShape,
} from '../../src/report/format.js';
import { numpyFixture } from '../fixtures/functions/fixture.js';

const { printed } = numpyFixture;

describe('pyRepr', () => {
  it('prints the loss example as Python does: 0.09750000000000003', () => {
    expect(pyRepr(0.09750000000000003)).toBe('0.09750000000000003');
  });
  it('writes whole numbers with ".0" and small or large ones with a two-digit exponent', () => {
    expect(pyRepr(2)).toBe('2.0');
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr(1e16)).toBe('1e+16');
  });
  for (const { value, printed: expected } of printed.reprs) {
    it(`matches Python's repr(${value})`, () => {
      expect(pyRepr(Number(value.replace('inf', 'Infinity').replace('nan', 'NaN')))).toBe(expected);
    });
  }
});

describe('numpyArray', () => {
  it('prints the descent result as the book does: [-6.11110793e-10  8.14814391e-10]', () => {
    expect(numpyArray([-6.111107928998789e-10, 8.148143905314271e-10])).toBe(
      '[-6.11110793e-10  8.14814391e-10]',
    );
  });
  for (const { values, printed: expected } of printed.arrays) {
    it(`matches numpy's print of ${expected.split('\n')[0]}`, () => {
      expect(numpyArray(values)).toBe(expected);
    });
  }
});

describe('numpyMatrix and numpyIntArray', () => {
  for (const { values, printed: expected } of printed.matrices) {
    it(`matches numpy's print of the matrix ${expected.split('\n')[0]}`, () => {
      expect(numpyMatrix(values)).toBe(expected);
    });
  }
  for (const { values, printed: expected } of printed.ints) {
    it(`matches numpy's print of the integers ${expected.split('\n')[0]}`, () => {
      expect(numpyIntArray(values)).toBe(expected);
    });
  }
  it('prints shapes as Python tuples', () => {
    expect(pyShape([60000, 784])).toBe('(60000, 784)');
    expect(pyShape([10])).toBe('(10,)');
  });
});

describe('pyGeneral', () => {
  it("is Python's format(x, '.3g'): fixed or scientific, trailing zeros dropped", () => {
    // format(v, '.3g') and format(v, '.1g') in Python 3.11
    const cases: [number, string, string][] = [
      [0.4990652312349721, '0.499', '0.5'],
      [1.166e-6, '1.17e-06', '1e-06'],
      [30600, '3.06e+04', '3e+04'],
      [1.0, '1', '1'],
      [0.0001, '0.0001', '0.0001'],
      [999.5, '1e+03', '1e+03'],
      [43.76, '43.8', '4e+01'],
      [-0.0123, '-0.0123', '-0.01'],
      [0, '0', '0'],
      [1e16, '1e+16', '1e+16'],
    ];
    for (const [value, three, one] of cases) {
      expect(pyGeneral(value, 3), String(value)).toBe(three);
      expect(pyGeneral(value, 1), String(value)).toBe(one);
    }
  });
  it('rounds an exact tie to the even digit, as Python does (JS would round up)', () => {
    expect(pyGeneral(1.125, 3)).toBe('1.12');
    expect(pyGeneral(2.5, 1)).toBe('2');
    expect((1.125).toPrecision(3)).toBe('1.13');
  });
});
