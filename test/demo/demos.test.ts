import { describe, expect, it } from 'vitest';
import { MnistSplit, IMAGE_SIZE } from '../../src/data/dataset.js';
import { batchDemo } from '../../src/demo/batch.js';
import { BOOK_DESCENT_RUNS, descentOutcome, descentRun, isFrozen } from '../../src/demo/descent.js';
import { diffDemo, gradientDemo, gradientField, partialDemo } from '../../src/demo/derivatives.js';
import { lossDemo } from '../../src/demo/loss.js';
import { BOOK_SIMPLENET_W, simpleNetDemo } from '../../src/demo/simplenet.js';
import { numpyFixture } from '../fixtures/functions/fixture.js';

describe('loss demo (book 4.2.1-4.2.2)', () => {
  it("gives SSE 0.09750000000000003 and 0.5975, CEE 0.510825457099338 and numpy's 2.302584092994546", () => {
    const { cases } = lossDemo();
    expect(cases.map((c) => c.favoured)).toEqual([2, 7]);
    expect(cases.map((c) => c.sumSquaresError)).toEqual([0.09750000000000003, 0.5975]);
    expect(cases.map((c) => c.crossEntropyError)).toEqual([
      0.510825457099338,
      numpyFixture.bookLosses.cee7,
    ]);
  });
});

describe('diff, partial and gradient demos (book 4.3-4.4)', () => {
  it('diff: 0.1999999999990898 and 0.2999999999986347 beside the exact 0.2 and 0.3', () => {
    expect(diffDemo().points.map((p) => [p.x, p.numerical, p.exact])).toEqual([
      [5, 0.1999999999990898, 0.2],
      [10, 0.2999999999986347, 0.3],
    ]);
  });
  it('partial: 6.00000000000378 and 7.999999999999119 at (3, 4)', () => {
    expect(partialDemo().partials.map((p) => p.numerical)).toEqual([
      6.00000000000378, 7.999999999999119,
    ]);
  });
  it('gradient: full precision at (3,4), (0,2), (3,0), rounding to [6, 8], [0, 4], [6, 0]', () => {
    const points = gradientDemo().points;
    expect(points.map((p) => p.gradient)).toEqual([
      [6.00000000000378, 7.999999999999119],
      [0, 4.000000000004],
      [6.000000000012662, 0],
    ]);
    expect(points.map((p) => p.gradient.map(Math.round))).toEqual([
      [6, 8],
      [0, 4],
      [6, 0],
    ]);
  });
  it('gradient field: 17 × 17 arrows of −2x on [−2, 2]', () => {
    const { arrows } = gradientField();
    expect(arrows).toHaveLength(289);
    const corner = arrows.find((a) => a.x0 === -2 && a.x1 === 2);
    expect(corner?.dx0).toBeCloseTo(4, 9);
    expect(corner?.dx1).toBeCloseTo(-4, 9);
  });
});

describe('descent demo (book 4.4.1)', () => {
  const [good, large, small] = BOOK_DESCENT_RUNS.map(descentRun);
  it('lr 0.1 ends at [-6.11110793e-10, 8.14814391e-10] and converges', () => {
    expect(good.x).toEqual(numpyFixture.descent['0.1'].x);
    expect(good.x[0]).toBeCloseTo(-6.11110793e-10, 18);
    expect(good.x[1]).toBeCloseTo(8.14814391e-10, 18);
    expect(descentOutcome(good)).toBe('converged');
  });
  it('lr 10 ends at [-2.58983747e+13, -1.29524862e+12], frozen because x ± h rounds to x', () => {
    expect(large.x).toEqual(numpyFixture.descent['10.0'].x);
    expect(large.x[0] / -2.58983747e13).toBeCloseTo(1, 8);
    expect(large.x[1] / -1.29524862e12).toBeCloseTo(1, 8);
    expect(large.x[0] + 1e-4).toBe(large.x[0]);
    expect(isFrozen(large.x)).toBe(true);
    expect(descentOutcome(large)).toBe('frozen');
  });
  it('lr 1e-10 ends at [-2.99999994, 3.99999992], having barely moved', () => {
    expect(small.x).toEqual(numpyFixture.descent['1e-10'].x);
    expect(small.x[0]).toBeCloseTo(-2.99999994, 8);
    expect(small.x[1]).toBeCloseTo(3.99999992, 8);
    expect(descentOutcome(small)).toBe('stalled');
  });
  it('calls a run that overflowed to nan what it is', () => {
    const run = descentRun({ lr: 0.1, steps: 3, init: [1e300, -1e300] });
    expect(run.x.every(Number.isNaN)).toBe(true);
    expect(descentOutcome(run)).toBe('overflowed');
  });
  it('keeps a path of one point per step, from the start', () => {
    expect(good.path).toHaveLength(100);
    expect(good.path[0]).toEqual([-3, 4]);
    expect(good.path[1][0]).toBeCloseTo(-3 + 0.1 * 6, 9);
  });
  it('runs other settings: lr 0.5 reaches (0, 0) in one step (x - 0.5 * 2x)', () => {
    const run = descentRun({ lr: 0.5, steps: 1, init: [2, -1] });
    expect(run.x[0]).toBeCloseTo(0, 9);
    expect(run.x[1]).toBeCloseTo(0, 9);
  });
});

describe('simplenet demo (book 4.4.2)', () => {
  it("with the book's W gives p ≈ [1.05414809, 0.63071653, 1.1328074], argmax 2, loss ≈ 0.928068", () => {
    const demo = simpleNetDemo();
    expect(demo.W).toEqual(BOOK_SIMPLENET_W);
    [1.05414809, 0.63071653, 1.1328074].forEach((v, i) => expect(demo.p[i]).toBeCloseTo(v, 8));
    expect(demo.argmax).toBe(2);
    expect(demo.loss).toBeCloseTo(0.928068, 6);
  });
  it("gives the book's dW to six decimals, and numpy's for the same printed W to ten", () => {
    const demo = simpleNetDemo();
    const book = [
      [0.21924763, 0.14356247, -0.36281009],
      [0.32887144, 0.2153437, -0.54421514],
    ];
    demo.dW.flat().forEach((v, i) => {
      expect(v).toBeCloseTo(book.flat()[i], 6);
      expect(v).toBeCloseTo(numpyFixture.simplenet.book.dW.flat()[i], 10);
    });
  });
  for (const seed of [0, 1, 42]) {
    it(`with --seed ${seed} draws W as np.random.randn(2, 3) and matches numpy's loss and dW`, () => {
      const demo = simpleNetDemo(seed);
      const expected = numpyFixture.simplenet[String(seed)];
      demo.W.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.W.flat()[i], 14));
      expect(demo.argmax).toBe(expected.argmax);
      expect(demo.loss).toBeCloseTo(expected.loss, 12);
      demo.dW.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.dW.flat()[i], 8));
    });
  }
});

describe('batch demo (book 4.2.3)', () => {
  it('reports the shapes and draws the batch with choice(60000, 10) after seed 0', () => {
    const count = 60000;
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
    const split = new MnistSplit(new Uint8Array(count * IMAGE_SIZE), labels);
    const demo = batchDemo({ train: split, test: split.head(10) }, 0);
    expect(demo.xTrainShape).toEqual([60000, 784]);
    expect(demo.tTrainShape).toEqual([60000, 10]);
    // numpy: np.random.seed(0); np.random.choice(60000, 5) -> 2732 43567 42613 52416 45891
    expect(demo.batchMask.slice(0, 5)).toEqual([2732, 43567, 42613, 52416, 45891]);
    expect(demo.batchMask).toHaveLength(10);
    expect(demo.labels).toEqual(demo.batchMask.map((i) => i % 10));
    expect(demo.xBatchShape).toEqual([10, 784]);
    expect(demo.tBatchShape).toEqual([10, 10]);
  });
});
