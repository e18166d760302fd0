import { describe, expect, it } from 'vitest';
import { isEvaluationIteration } from '../../src/train/config.js';
import {
  defaultThreads,
  evalEveryOf,
  evaluationPasses,
  evaluationWork,
  multiplyAddsPerImage,
  THREADED_EVALUATION_WORK,
  type EvaluationLoad,
} from '../../src/train/thread-choice.js';

/** nn-train with no options: 10 000 iterations, an evaluation every 600, all 70 000 images. */
const BOOK_RUN: EvaluationLoad = {
  layerSizes: [784, 50, 10],
  iters: 10000,
  evalEvery: 600,
  images: 70000,
};
/** The tests' quick runs: 1000 training and 500 test images, an epoch of 10 iterations. */
const SMALL_RUN: EvaluationLoad = { ...BOOK_RUN, iters: 25, evalEvery: 10, images: 1500 };

describe('multiplyAddsPerImage', () => {
  it('counts the input layer over 150 lit pixels and every other layer in full', () => {
    expect(multiplyAddsPerImage([784, 50, 10])).toBe(150 * 50 + 50 * 10);
    expect(multiplyAddsPerImage([784, 100, 100, 10])).toBe(150 * 100 + 100 * 100 + 100 * 10);
  });
});

describe('evaluationPasses', () => {
  it("is the trainer's evaluations: after every epoch, and a final pass unless the last was one", () => {
    for (const [iters, evalEvery] of [
      [10000, 600],
      [25, 10],
      [1, 600],
      [2, 600],
      [12, 1],
      [21, 10],
      [601, 3],
      // The book's epoch of 1000 / 300 iterations: i % 3.33… is 0 at i = 0 alone.
      [10, 1000 / 300],
      [1000, 1000 / 300],
      // 1000 / 400: every second multiple, 5, 10, …, lands on an iteration.
      [26, 1000 / 400],
    ]) {
      let evaluations = 0;
      for (let i = 0; i < iters; i++) if (isEvaluationIteration(i, evalEvery)) evaluations++;
      if (!isEvaluationIteration(iters - 1, evalEvery)) evaluations++;
      expect(evaluationPasses(iters, evalEvery), `${iters} / ${evalEvery}`).toBe(evaluations);
    }
  });
});

describe('evalEveryOf', () => {
  it("is --eval-every when given, else the book's epoch with the batch no larger than the set", () => {
    expect(evalEveryOf(60000, 100)).toBe(600);
    expect(evalEveryOf(1000, 300)).toBeCloseTo(3.333, 3);
    expect(evalEveryOf(50, 100)).toBe(1);
    expect(evalEveryOf(60000, 100, 7)).toBe(7);
  });
});

describe('defaultThreads', () => {
  it("gives the book's run every core: 18 passes over 70 000 images", () => {
    expect(evaluationWork(BOOK_RUN)).toBe(18 * 70000 * 8000);
    expect(defaultThreads(BOOK_RUN, 2, true)).toBe(2);
    expect(defaultThreads(BOOK_RUN, 8, true)).toBe(8);
  });

  it('gives a run of a few passes over 1500 images one thread, a long one every core', () => {
    expect(defaultThreads(SMALL_RUN, 2, true)).toBe(1);
    expect(defaultThreads({ ...SMALL_RUN, iters: 1000000 }, 2, true)).toBe(2);
  });

  it('starts threads from THREADED_EVALUATION_WORK multiply-adds on', () => {
    // Two passes (after iterations 0 and 1) of 8000 multiply-adds an image.
    const images = THREADED_EVALUATION_WORK / (2 * 8000);
    const atTheLine = { ...BOOK_RUN, iters: 2, images };
    expect(defaultThreads(atTheLine, 2, true)).toBe(2);
    expect(defaultThreads({ ...atTheLine, images: images - 1 }, 2, true)).toBe(1);
  });

  it("gives one thread to the book's step, which evaluates on this thread, and on one core", () => {
    expect(defaultThreads(BOOK_RUN, 2, false)).toBe(1);
    expect(defaultThreads(BOOK_RUN, 1, true)).toBe(1);
  });
});
