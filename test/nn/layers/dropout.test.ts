import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../src/core/random.js';
import { Dropout } from '../../../src/nn/layers/dropout.js';
import { readFixture, sameBits } from '../../fixtures/ch6/fixture.js';

interface Pass {
  x: number[];
  dout: number[];
  out: number[];
  mask: number[];
  dx: number[];
}
interface Case {
  seed: number;
  rows: number;
  cols: number;
  dropoutRatio: number;
  passes: Pass[];
  test: { x: number[]; out: number[] };
}

const { dropout } = readFixture<{ dropout: Case[] }>('layers.json');

describe("Dropout against the book's class under numpy", () => {
  for (const c of dropout) {
    it(`seed ${c.seed}, (${c.rows}, ${c.cols}), ratio ${c.dropoutRatio}: masks, forward, backward and test mode bit for bit`, () => {
      const layer = new Dropout(c.cols, new RandomState(c.seed), c.dropoutRatio);
      // Two training passes in a row: the second mask continues numpy's stream.
      for (const pass of c.passes) {
        const out = layer.forward(Float64Array.from(pass.x), c.rows);
        expect(sameBits(layer.mask, pass.mask)).toEqual([]);
        expect(sameBits(out, pass.out)).toEqual([]);
        expect(sameBits(layer.backward(Float64Array.from(pass.dout)), pass.dx)).toEqual([]);
      }
      const testOut = layer.forward(Float64Array.from(c.test.x), c.rows, false);
      expect(sameBits(testOut, c.test.out)).toEqual([]);
    });
  }
});

describe('Dropout', () => {
  it('at test time draws nothing: the next training mask is the one it would have been', () => {
    const x = new Float64Array(6).fill(1);
    const direct = new Dropout(3, new RandomState(5));
    direct.forward(x, 2);
    const interrupted = new Dropout(3, new RandomState(5));
    interrupted.forward(x, 2, false);
    interrupted.forward(x, 2);
    expect(Array.from(interrupted.mask)).toEqual(Array.from(direct.mask));
  });

  it('drops about dropoutRatio of the values', () => {
    const layer = new Dropout(100, new RandomState(0), 0.3);
    layer.forward(new Float64Array(10000).fill(1), 100);
    const dropped = layer.mask.filter((m) => m === 0).length / 10000;
    expect(Math.abs(dropped - 0.3)).toBeLessThan(0.02);
  });

  it('refuses a ratio outside [0, 1)', () => {
    expect(() => new Dropout(3, new RandomState(0), 1)).toThrow(RangeError);
    expect(() => new Dropout(3, new RandomState(0), -0.1)).toThrow(RangeError);
  });
});
