import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/core/errors.js';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import type { BatchNormalization } from '../../src/nn/layers/batch-normalization.js';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  modelOfNet,
  netOfModel,
  parseModel,
  serializeModel,
} from '../../src/nn/model-file.js';
import { MultiLayerNetExtend } from '../../src/nn/multi-layer-net-extend.js';
import type { NetworkSpec } from '../../src/nn/network.js';
import { PARAM_NAMES, TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { readFixture } from '../fixtures/ch6/fixture.js';

const TWO_LAYER: NetworkSpec = {
  class: 'TwoLayerNet',
  inputSize: 6,
  hiddenSizeList: [4],
  outputSize: 3,
  activation: 'relu',
  weightInitStd: 0.5,
  weightDecayLambda: 0,
};

function twoLayerNet(): TwoLayerNet {
  const net = new TwoLayerNet(6, 4, 3, 0.5, { activation: 'relu', random: new RandomState(9) });
  net.params.b1.data.set([0.1, -0.2, 1 / 3, 1e-300]);
  return net;
}

function savedText(): string {
  return serializeModel(
    modelOfNet(twoLayerNet(), TWO_LAYER, {
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

function edited(edit: (document: Record<string, unknown>) => void, text = savedText()): string {
  const document = JSON.parse(text) as Record<string, unknown>;
  edit(document);
  return JSON.stringify(document);
}

// The book's MultiLayerNetExtend with everything on, from the network fixture made by numpy
// (test/fixtures/ch6/make_network_fixtures.py): after gradient() and a second training pass its
// running statistics have moved twice, and predictAfter is its test-mode prediction then.
interface NetworkCase {
  name: string;
  seed: number;
  hiddenSizeList: number[];
  options: {
    activation: 'relu' | 'sigmoid';
    weightInitStd: 'sigmoid';
    weightDecayLambda: number;
    dropoutRatio: number;
  };
  x: number[];
  t: number[];
  predictAfter: number[];
}
const networks = readFixture<{ inputSize: number; outputSize: number; cases: NetworkCase[] }>(
  'networks.json',
);
const everything = networks.cases.find(
  (c) => c.name === 'sigmoid, dropout, batch norm, weight decay',
) as NetworkCase;
const EXTEND: NetworkSpec = {
  class: 'MultiLayerNetExtend',
  inputSize: networks.inputSize,
  hiddenSizeList: everything.hiddenSizeList,
  outputSize: networks.outputSize,
  activation: everything.options.activation,
  weightInitStd: 'xavier',
  weightDecayLambda: everything.options.weightDecayLambda,
  useDropout: true,
  dropoutRatio: everything.options.dropoutRatio,
  useBatchnorm: true,
};

function trainedExtend(): { net: MultiLayerNetExtend; x: Matrix } {
  const net = new MultiLayerNetExtend(EXTEND.inputSize, EXTEND.hiddenSizeList, EXTEND.outputSize, {
    ...everything.options,
    useDropout: true,
    useBatchnorm: true,
    random: new RandomState(everything.seed),
  });
  const x = new Matrix(
    everything.x.length / EXTEND.inputSize,
    EXTEND.inputSize,
    Float64Array.from(everything.x),
  );
  net.gradient(x, everything.t);
  net.loss(x, everything.t, true);
  return { net, x };
}

function extendText(): string {
  return serializeModel(modelOfNet(trainedExtend().net, EXTEND));
}

describe('model file', () => {
  it('round-trips every parameter bit for bit, so the loaded net predicts the same', () => {
    const original = twoLayerNet();
    const loaded = netOfModel(parseModel(savedText()));
    expect(loaded).toBeInstanceOf(TwoLayerNet);
    for (const name of PARAM_NAMES) {
      expect(Array.from(loaded.params[name].data)).toEqual(Array.from(original.params[name].data));
    }
    expect((loaded as TwoLayerNet).activation).toBe('relu');
    const x = Matrix.fromArrays([[0.2, 0, 1, 0.5, 0, 0.3]]);
    expect(Array.from(loaded.forwardScores(x.data, 1).subarray(0, 3))).toEqual(
      original.predict(x).toArrays()[0],
    );
  });

  it('keeps seed, config and metrics, and names its format and version', () => {
    const document = JSON.parse(savedText()) as Record<string, unknown>;
    expect(document.format).toBe(MODEL_FORMAT);
    expect(document.version).toBe(2);
    expect(document.architecture).toEqual(TWO_LAYER);
    const model = parseModel(savedText());
    expect(model.seed).toBe(9);
    expect(model.config).toEqual({ iters: 5, learningRate: 0.1 });
    expect(model.metrics?.final).toEqual({ trainAcc: 0.5, testAcc: 0.25 });
    expect((document.params as Record<string, { shape: number[] }>).W1.shape).toEqual([6, 4]);
    expect((document.params as Record<string, { shape: number[] }>).b1.shape).toEqual([4]);
  });

  it('reads a version 1 file, which holds a TwoLayerNet', () => {
    const original = twoLayerNet();
    const params = Object.fromEntries(
      PARAM_NAMES.map((name) => {
        const { rows, cols, data } = original.params[name];
        return [
          name,
          { shape: name.startsWith('b') ? [cols] : [rows, cols], data: Array.from(data) },
        ];
      }),
    );
    const version1 = JSON.stringify({
      format: 'nn-scratch/two-layer-net',
      version: 1,
      architecture: { inputSize: 6, hiddenSize: 4, outputSize: 3, activation: 'relu' },
      seed: 9,
      params,
    });
    const model = parseModel(version1);
    expect(model.architecture).toEqual({
      class: 'TwoLayerNet',
      inputSize: 6,
      hiddenSizeList: [4],
      outputSize: 3,
      activation: 'relu',
      weightDecayLambda: 0,
    });
    const x = Matrix.fromArrays([[0.2, 0, 1, 0.5, 0, 0.3]]);
    expect(Array.from(netOfModel(model).forwardScores(x.data, 1).subarray(0, 3))).toEqual(
      original.predict(x).toArrays()[0],
    );
  });

  it("keeps a MultiLayerNetExtend's gamma, beta and running statistics: numpy's test-mode prediction", () => {
    const { net, x } = trainedExtend();
    const text = serializeModel(modelOfNet(net, EXTEND));
    const document = JSON.parse(text) as {
      architecture: unknown;
      params: Record<string, { shape: number[] }>;
      runningStats: Record<string, { shape: number[] }>;
    };
    expect(document.architecture).toEqual(EXTEND);
    expect(Object.keys(document.params)).toEqual(Object.keys(net.params));
    expect(Object.keys(document.runningStats)).toEqual(
      EXTEND.hiddenSizeList.flatMap((_, i) => [`runningMean${i + 1}`, `runningVar${i + 1}`]),
    );
    const loaded = netOfModel(parseModel(text));
    expect(loaded).toBeInstanceOf(MultiLayerNetExtend);
    const layer = (loaded as MultiLayerNetExtend).layers.get('BatchNorm2') as BatchNormalization;
    const original = net.layers.get('BatchNorm2') as BatchNormalization;
    expect(Array.from(layer.runningVar ?? [])).toEqual(Array.from(original.runningVar ?? []));
    // Test mode: running statistics and dropout's (1 - ratio) scale, as numpy predicted.
    const predicted = Array.from(loaded.forwardScores(x.data, x.rows).subarray(0, x.rows * 10));
    expect(predicted).toEqual(Array.from(net.predict(x).data));
    let worst = 0;
    predicted.forEach((value, i) => {
      worst = Math.max(worst, Math.abs(value - everything.predictAfter[i]));
    });
    // numpy's products sum in another order (test/nn/book-networks.ts): rounding only.
    expect(worst / Math.max(...everything.predictAfter.map(Math.abs))).toBeLessThan(1e-13);
  });

  it('refuses a version newer than it reads', () => {
    const text = edited((d) => (d.version = MODEL_VERSION + 1));
    expect(() => parseModel(text, 'm.json')).toThrow(
      `m.json: format version ${MODEL_VERSION + 1} is newer than this nn-scratch reads (up to 2)`,
    );
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
    [
      'a shape that does not fit the architecture',
      edited((d) => {
        (d.architecture as Record<string, unknown>).hiddenSizeList = [5];
      }),
      /W1 of layer Affine1 has shape \[6,4\], the architecture needs \[6, 5\]/,
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
        (d.architecture as Record<string, unknown>).hiddenSizeList = [7.25];
      }).replace('7.25', '-1e999'),
      /architecture\.hiddenSizeList\[0\] is -Infinity, not a positive integer$/,
    ],
    [
      'a missing parameter',
      edited((d) => {
        delete (d.params as Record<string, unknown>).b1;
      }),
      /b1 of layer Affine1 is missing/,
    ],
    [
      'an unknown activation',
      edited((d) => {
        (d.architecture as Record<string, unknown>).activation = 'tanh';
      }),
      /activation "tanh" is not sigmoid or relu/,
    ],
    [
      'an architecture with a hidden layer of another size than its arrays',
      edited((d) => {
        (d.architecture as Record<string, unknown>).hiddenSizeList = [6, 5, 5];
      }, extendText()),
      /: W3 of layer Affine3 has shape \[5,4\], the architecture needs \[5, 5\]$/,
    ],
    [
      'an architecture with one layer more than its arrays',
      edited((d) => {
        (d.architecture as Record<string, unknown>).hiddenSizeList = [6, 5, 4, 4];
      }, extendText()),
      /: W4 of layer Affine4 has shape \[4,10\], the architecture needs \[4, 4\]$/,
    ],
    [
      'batch norm without its running statistics',
      edited((d) => {
        delete (d.runningStats as Record<string, unknown>).runningVar2;
      }, extendText()),
      /: runningVar2 of layer BatchNorm2 is missing$/,
    ],
    [
      'arrays of a layer the architecture does not have',
      edited((d) => {
        (d.architecture as Record<string, unknown>).useBatchnorm = false;
      }, extendText()),
      /: params holds gamma1, which the architecture has no layer for$/,
    ],
    [
      'an unknown network class',
      edited((d) => {
        (d.architecture as Record<string, unknown>).class = 'ConvNet';
      }),
      /architecture\.class "ConvNet" is not one of TwoLayerNet, MultiLayerNet, MultiLayerNetExtend/,
    ],
    [
      'a TwoLayerNet with two hidden layers',
      edited((d) => {
        (d.architecture as Record<string, unknown>).hiddenSizeList = [4, 4];
      }),
      /a TwoLayerNet has one hidden layer/,
    ],
    [
      "MultiLayerNetExtend's options on another class",
      edited((d) => {
        (d.architecture as Record<string, unknown>).class = 'MultiLayerNet';
      }, extendText()),
      /architecture\.useDropout is MultiLayerNetExtend's, not MultiLayerNet's/,
    ],
    [
      'a dropout ratio of 1',
      edited((d) => {
        (d.architecture as Record<string, unknown>).dropoutRatio = 1;
      }, extendText()),
      /architecture\.dropoutRatio 1 is not a ratio in \[0, 1\)/,
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
    const net = twoLayerNet();
    net.params.W2.data[0] = NaN;
    expect(() => serializeModel(modelOfNet(net, TWO_LAYER))).toThrow(ModelError);
  });
});
