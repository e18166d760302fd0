import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { accuracyOf } from '../../src/eval/confusion.js';
import { classifyImage, evaluateSplit } from '../../src/eval/model-predictions.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';

const random = new RandomState(3);
const count = 250;
const images = Uint8Array.from({ length: count * IMAGE_SIZE }, () =>
  random.randomSample() < 0.8 ? 0 : Math.floor(random.randomSample() * 256),
);
const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10);
const split = new MnistSplit(images, labels);
// weights large enough that predictions spread over several classes
const net = new TwoLayerNet(IMAGE_SIZE, 20, 10, 0.5, { random: new RandomState(11) });

/** The whole split as one normalised matrix, the way the book feeds x_test. */
function wholeSplit(): Matrix {
  return new Matrix(
    count,
    IMAGE_SIZE,
    Float64Array.from(images, (v) => PIXEL_SCALE[v]),
  );
}

describe('evaluateSplit', () => {
  it('predicts what argmax of predict() says, in batches of any size', () => {
    const scores = net.predict(wholeSplit());
    const expected = Array.from({ length: count }, (_, i) => {
      const row = Array.from(scores.row(i));
      return row.indexOf(Math.max(...row));
    });
    for (const batch of [1, 64, 1000]) {
      expect(Array.from(evaluateSplit(net, split, batch).predictions)).toEqual(expected);
    }
    expect(new Set(expected).size).toBeGreaterThan(2);
  });

  it('has an accuracy equal to TwoLayerNet.accuracy on the same samples', () => {
    const evaluation = evaluateSplit(net, split);
    expect(accuracyOf(evaluation.confusion)).toBe(net.accuracy(wholeSplit(), labels));
    expect(evaluation.confusion.total).toBe(count);
  });

  it('gives probability rows that sum to 1 and peak at the prediction', () => {
    const { probabilities, predictions } = evaluateSplit(net, split, 100);
    for (let i = 0; i < count; i++) {
      const row = Array.from(probabilities.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(row[predictions[i]]).toBe(Math.max(...row));
    }
  });
});

describe('classifyImage', () => {
  it('agrees with evaluateSplit on the same image', () => {
    const evaluation = evaluateSplit(net, split);
    for (const index of [0, 17, 249]) {
      const result = classifyImage(net, split.image(index));
      expect(result.predicted).toBe(evaluation.predictions[index]);
      expect(Array.from(result.probabilities)).toEqual(
        Array.from(evaluation.probabilities.subarray(index * 10, index * 10 + 10)),
      );
      expect(result.top).toHaveLength(3);
      expect(result.top[0].digit).toBe(result.predicted);
    }
  });
});
