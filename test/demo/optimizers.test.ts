import { describe, expect, it } from 'vitest';
import { bowl, bowlGradient, optimizersDemo } from '../../src/demo/optimizers.js';
import { readFixture, sameBits } from '../fixtures/ch6/fixture.js';

interface NaiveFixture {
  settings: { init_pos: [number, number]; steps: number };
  runs: { name: string; optimizer: Record<string, number | string>; x: number[]; y: number[] }[];
}

const fixture = readFixture<NaiveFixture>('numpy-optimizer-compare-naive.json');

describe('optimizers demo (book 6.1.7, fig. 6-8)', () => {
  const demo = optimizersDemo();

  it("runs the script's four optimizers, in its order, with its settings", () => {
    expect(demo.init).toEqual(fixture.settings.init_pos);
    expect(demo.steps).toBe(fixture.settings.steps);
    expect(demo.runs.map((run) => run.name)).toEqual(fixture.runs.map((run) => run.name));
    expect(demo.runs.map((run) => run.optimizer)).toEqual(fixture.runs.map((run) => run.optimizer));
  });

  for (const [i, expected] of fixture.runs.entries()) {
    it(`${expected.name}: the 30 points before each update equal numpy's bit for bit`, () => {
      const run = demo.runs[i];
      expect(run.x).toHaveLength(30);
      expect(sameBits(run.x, expected.x)).toEqual([]);
      expect(sameBits(run.y, expected.y)).toEqual([]);
    });
  }

  it("ends where the book's classes end after the 30th update", () => {
    // the script's loop run once more with common/optimizer.py: params after the last update
    expect(demo.runs.map((run) => run.end)).toEqual([
      [-0.3503929957523197, 0.0847823165504322],
      [0.896413858493733, 0.08808560171506971],
      [-0.12016232231416045, 2.486389893984459e-17],
      [0.13600685239498186, 0.31824537553721943],
    ]);
  });

  it("is f(x, y) = x²/20 + y² with the script's gradient (x/10, 2y)", () => {
    expect(bowl(-7, 2)).toBe(49 / 20 + 4);
    expect(bowlGradient(-7, 2)).toEqual([-0.7, 4]);
    // the gradient is the derivative: a central difference agrees
    const h = 1e-6;
    const [x, y] = [1.3, -0.4];
    const [gx, gy] = bowlGradient(x, y);
    expect((bowl(x + h, y) - bowl(x - h, y)) / (2 * h)).toBeCloseTo(gx, 8);
    expect((bowl(x, y + h) - bowl(x, y - h)) / (2 * h)).toBeCloseTo(gy, 8);
  });
});
