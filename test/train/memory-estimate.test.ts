import { describe, expect, it } from 'vitest';
import {
  gradientCheckMemory,
  MAX_MODEL_FILE_BYTES,
  modelFileBytes,
  parameterCount,
  trainingMemory,
  type TrainingFootprint,
} from '../../src/train/memory-estimate.js';

// 784·50 + 50 + 50·10 + 10: the book's TwoLayerNet.
const BOOK_PARAMETERS = 39760;

const BOOK: TrainingFootprint = {
  layerSizes: [784, 50, 10],
  batchSize: 100,
  iters: 10000,
  precision: 'f64',
  threads: 1,
  grad: 'backprop',
  samples: 70000,
  isSaved: false,
};

const part = (run: TrainingFootprint, what: string) =>
  trainingMemory(run).parts.find((p) => p.what === what)?.bytes;

describe('parameterCount', () => {
  it('counts weights and biases of every layer, deeper networks too', () => {
    expect(parameterCount([784, 50, 10])).toBe(BOOK_PARAMETERS);
    expect(parameterCount([784, 100, 50, 10])).toBe(784 * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10);
  });
});

describe('trainingMemory', () => {
  it('holds the parameters as float64, plus float32 copies at --precision f32', () => {
    expect(part(BOOK, 'parameters')).toBe(8 * BOOK_PARAMETERS);
    expect(part({ ...BOOK, precision: 'f32' }, 'parameters')).toBe(12 * BOOK_PARAMETERS);
  });

  it('holds four (batch, hidden) and three (batch, output) buffers for the fused step', () => {
    expect(part(BOOK, 'batch activations')).toBe(8 * 100 * (4 * 50 + 3 * 10));
    expect(part({ ...BOOK, layerSizes: [784, 30, 20, 10] }, 'batch activations')).toBe(
      8 * 100 * (4 * 50 + 3 * 10),
    );
  });

  it("counts the fused deep step's buffers, gradients and optimizer state", () => {
    const sizes = [784, 100, 50, 10];
    const n = parameterCount(sizes);
    const weights = 784 * 100 + 100 * 50 + 50 * 10;
    const deep = { ...BOOK, layerSizes: sizes };
    const sgd = { optimizerStates: 0, batchNorm: false, dropout: false };
    const held = (step: Partial<typeof sgd>, run: Partial<TrainingFootprint> = {}) => ({
      ...deep,
      ...run,
      deepStep: { ...sgd, ...step },
    });
    // A row: affine and activation per hidden unit, two flows of the widest, three of the output.
    expect(part(held({}), 'batch activations')).toBe(8 * 100 * (2 * 150 + 2 * 100 + 3 * 10));
    expect(part(held({ batchNorm: true, dropout: true }), 'batch activations')).toBe(
      8 * 100 * (7 * 150 + 2 * 100 + 3 * 10),
    );
    expect(part(held({}), 'gradients and optimizer state')).toBe(8 * (n + weights));
    expect(part(held({ optimizerStates: 2 }), 'gradients and optimizer state')).toBe(
      8 * (3 * n + weights),
    );
    expect(
      part(held({ optimizerStates: 2 }, { precision: 'f32' }), 'gradients and optimizer state'),
    ).toBe(4 * (3 * n + weights));
  });

  it('grows with every size option, and lists its parts largest first', () => {
    const base = trainingMemory(BOOK);
    for (const bigger of [
      { layerSizes: [784, 500, 10] },
      { batchSize: 1000 },
      { iters: 10_000_000 },
      { threads: 2 },
      { samples: 80000 },
      { isSaved: true },
    ]) {
      expect(trainingMemory({ ...BOOK, ...bigger }).bytes).toBeGreaterThan(base.bytes);
    }
    const sizes = base.parts.map((p) => p.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('counts saving apart from training: the peak is the larger of the two', () => {
    const wide = { ...BOOK, layerSizes: [784, 20000, 10] };
    const saving = part({ ...wide, isSaved: true }, 'saving the model') ?? 0;
    const training = trainingMemory(wide).parts.reduce((sum, p) => sum + p.bytes, 0);
    expect(saving).toBeGreaterThan(training);
    const fixed = trainingMemory({ ...wide, layerSizes: [784, 1, 10] }).bytes;
    expect(trainingMemory({ ...wide, isSaved: true }).bytes).toBeLessThan(fixed + 1.2 * saving);
  });
});

describe('the gradient check and the model file', () => {
  it('needs four copies of the parameters for the check', () => {
    const parts = gradientCheckMemory([784, 1000, 10]).parts;
    expect(parts.map((p) => p.what)).toEqual([
      'parameters',
      'backprop gradients',
      'numerical gradients',
      'the initial draw',
    ]);
    expect(parts[0].bytes).toBe(8 * parameterCount([784, 1000, 10]));
  });

  it('bounds a model file by the longest a number can be written', () => {
    // -0.0000012345678901234567 and a comma: 26 characters.
    expect(`${JSON.stringify(-0.0000012345678901234567)},`).toHaveLength(26);
    expect(modelFileBytes([784, 50, 10])).toBe(26 * BOOK_PARAMETERS);
    expect(modelFileBytes([784, 25000, 10])).toBeLessThan(MAX_MODEL_FILE_BYTES);
    expect(modelFileBytes([784, 26000, 10])).toBeGreaterThan(MAX_MODEL_FILE_BYTES);
  });
});
