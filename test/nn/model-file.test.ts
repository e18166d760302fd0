import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/core/errors.js';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import {
  MODEL_FORMAT,
  modelOfNet,
  netOfModel,
  parseModel,
  serializeModel,
} from '../../src/nn/model-file.js';
import { PARAM_NAMES, TwoLayerNet } from '../../src/nn/two-layer-net.js';

function savedText(): string {
  const net = new TwoLayerNet(6, 4, 3, 0.5, { activation: 'relu', random: new RandomState(9) });
  net.params.b1.data.set([0.1, -0.2, 1 / 3, 1e-300]);
  return serializeModel(
    modelOfNet(net, {
      seed: 9,
      config: { iters: 5, learningRate: 0.1 },
      metrics: {
        status: 'completed',
        iterationsDone: 5,
        epochs: [{ epoch: 0, iter: 0, loss: 1.1, trainAcc: 0.5, testAcc: 0.25, elapsedMs: 3 }],
        final: { trainAcc: 0.5, testAcc: 0.25 },
      },
    }),
  );
}

function edited(edit: (document: Record<string, unknown>) => void): string {
  const document = JSON.parse(savedText()) as Record<string, unknown>;
  edit(document);
  return JSON.stringify(document);
}

describe('model file', () => {
  it('round-trips every parameter bit for bit, so the loaded net predicts the same', () => {
    const original = new TwoLayerNet(6, 4, 3, 0.5, {
      activation: 'relu',
      random: new RandomState(9),
    });
    original.params.b1.data.set([0.1, -0.2, 1 / 3, 1e-300]);
    const loaded = netOfModel(parseModel(savedText()));
    for (const name of PARAM_NAMES) {
      expect(Array.from(loaded.params[name].data)).toEqual(Array.from(original.params[name].data));
    }
    expect(loaded.activation).toBe('relu');
    const x = Matrix.fromArrays([[0.2, 0, 1, 0.5, 0, 0.3]]);
    expect(loaded.predict(x).toArrays()).toEqual(original.predict(x).toArrays());
  });

  it('keeps seed, config and metrics, and names its format and version', () => {
    const document = JSON.parse(savedText()) as Record<string, unknown>;
    expect(document.format).toBe(MODEL_FORMAT);
    expect(document.version).toBe(1);
    const model = parseModel(savedText());
    expect(model.seed).toBe(9);
    expect(model.config).toEqual({ iters: 5, learningRate: 0.1 });
    expect(model.metrics?.final).toEqual({ trainAcc: 0.5, testAcc: 0.25 });
    expect((document.params as Record<string, { shape: number[] }>).W1.shape).toEqual([6, 4]);
    expect((document.params as Record<string, { shape: number[] }>).b1.shape).toEqual([4]);
  });

  const faults: [string, string, RegExp][] = [
    ['an empty file', '', /empty file/],
    ['a truncated file', savedText().slice(0, 300), /not valid JSON \(truncated or corrupt\?\)/],
    ['a file that is not JSON', 'P2 28 28 255', /not JSON/],
    [
      'JSON of something else',
      '{"name":"nn-scratch","version":"0.1.0"}',
      /not a model saved by nn-train/,
    ],
    ['a JSON array', '[1, 2]', /not a JSON object/],
    ['a newer version', edited((d) => (d.version = 2)), /version 2 is newer/],
    [
      'a shape that does not fit the architecture',
      edited((d) => {
        (d.architecture as Record<string, unknown>).hiddenSize = 5;
      }),
      /W1 has shape \[6,4\], the architecture needs \[6, 5\]/,
    ],
    [
      'a parameter with numbers missing',
      edited((d) => {
        ((d.params as Record<string, { data: number[] }>).W2.data as number[]).pop();
      }),
      /W2 holds 11 numbers, its shape \[4, 3\] needs 12/,
    ],
    [
      'a parameter holding a string',
      edited((d) => {
        (d.params as Record<string, { data: unknown[] }>).b2.data[1] = 'x';
      }),
      /b2\[1\] is "x", not a finite number/,
    ],
    [
      'a number beyond float64, which JSON.parse reads as Infinity',
      edited((d) => {
        (d.params as Record<string, { data: unknown[] }>).W1.data[5] = 7.25;
      }).replace('7.25', '1e999'),
      /: W1\[5\] is Infinity, not a finite number$/,
    ],
    [
      'a size beyond float64',
      edited((d) => {
        (d.architecture as Record<string, unknown>).hiddenSize = 7.25;
      }).replace('7.25', '-1e999'),
      /architecture\.hiddenSize is -Infinity, not a positive integer$/,
    ],
    [
      'a missing parameter',
      edited((d) => {
        delete (d.params as Record<string, unknown>).b1;
      }),
      /parameter b1 is missing/,
    ],
    [
      'an unknown activation',
      edited((d) => {
        (d.architecture as Record<string, unknown>).activation = 'tanh';
      }),
      /activation "tanh" is not sigmoid or relu/,
    ],
  ];
  for (const [what, text, message] of faults) {
    it(`refuses ${what} with one clear ModelError`, () => {
      expect(() => parseModel(text, 'm.json')).toThrow(ModelError);
      expect(() => parseModel(text, 'm.json')).toThrow(message);
      expect(() => parseModel(text, 'm.json')).toThrow(/^m\.json: /);
    });
  }

  it('will not save parameters that are NaN or infinite', () => {
    const net = new TwoLayerNet(2, 2, 2, 0.1);
    net.params.W2.data[0] = NaN;
    expect(() => serializeModel(modelOfNet(net))).toThrow(ModelError);
  });
});
