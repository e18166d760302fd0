import { describe, expect, it } from 'vitest';
import {
  activationOutcome,
  activationSettings,
  BOOK_ACTIVATION_SETTINGS,
  layerActivations,
  type ActivationRun,
  type ActivationSetting,
  type WeightInit,
} from '../../src/demo/activations.js';
import { linspace } from '../../src/demo/histogram.js';
import { readFixture } from '../fixtures/ch6/fixture.js';
import { cachedActivationsDemo } from './cached-activations.js';

interface FixtureLayer {
  layer: number;
  counts: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  sum: number;
  zeros: number;
  belowRange: number;
  aboveRange: number;
  first: number[];
}

interface FixtureRun {
  weight: string;
  activation: 'sigmoid' | 'ReLU' | 'tanh';
  figure: string | null;
  seed: number;
  settings: { node_num: number; hidden_layer_size: number; samples: number; bins: number };
  edges: number[];
  input: { first: number[]; sum: number };
  layers: FixtureLayer[];
}

const fixture = readFixture<{ runs: FixtureRun[] }>('numpy-weight-init-histogram.json');
const INITS: Record<string, WeightInit> = {
  'std 1': 1,
  'std 0.01': 0.01,
  Xavier: 'xavier',
  He: 'he',
};

/** The fixture's runs that the demo draws (tanh is not one of its activations). */
const cases = fixture.runs
  .filter((run) => run.activation !== 'tanh')
  .map((expected) => ({
    expected,
    setting: {
      init: INITS[expected.weight],
      activation: expected.activation === 'ReLU' ? 'relu' : 'sigmoid',
    } satisfies ActivationSetting,
  }));

const demo = cachedActivationsDemo(
  cases.map((c) => c.setting),
  0,
);

// The products a = x·w are sums of 100 terms, which OpenBLAS adds in another order than our
// kernel: the activations differ from numpy's in the last bits (at most 1.3e-14 relatively
// among the fixture's first values, the relative rounding of a 100-term dot product being up
// to 100 · 2^-53 ≈ 1.1e-14 of the sum of the terms' magnitudes). DELTA is a hundred times that,
// a bound on how far any activation in [0, 1] can sit from numpy's.
const DELTA = 1e-12;
// Statistics are sums of 100000 such values, in numpy's pairwise order: the differences of the
// terms, not of the order, remain, and they are far below this.
const RELATIVE = 1e-12;

function expectClose(actual: number, expected: number, what: string): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThan(
    RELATIVE,
  );
}

/**
 * How many values lie within DELTA of an edge that rounding could move them across: the inner
 * edges, and the closed right edge 1 where values can exceed it (ReLU's; sigmoid's never do).
 */
function nearEdges(values: Float64Array, edges: readonly number[], canExceed: boolean): number {
  const bins = edges.length - 1;
  const last = canExceed ? bins : bins - 1;
  const [low, high] = [edges[1] - DELTA, edges[last] + DELTA];
  let near = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= low && v <= high)) continue;
    // The edges are 1/30 apart, some 3·10^10 times DELTA: the only edge that can lie within
    // DELTA of v is the one at v's nearest point of the evenly spaced grid.
    const k = Math.trunc(v * bins + 0.5);
    if (k >= 1 && k <= last && Math.abs(v - edges[k]) <= DELTA) near++;
  }
  return near;
}

describe('activations demo (book 6.2.2-6.2.3, figs. 6-10 to 6-14)', () => {
  it("draws numpy's input exactly: input_data = np.random.randn(1000, 100) after seed 0", () => {
    const input = fixture.runs[0].input;
    expect(demo.input.first).toEqual(input.first);
    expect(demo.input.sum).toBe(input.sum);
  });

  it("bins over numpy's edges, with the script's sizes", () => {
    const settings = fixture.runs[0].settings;
    expect(demo.edges).toEqual(fixture.runs[0].edges);
    expect(demo.edges).toEqual(linspace(0, 1, 31));
    expect([demo.nodeNum, demo.hiddenLayerSize, demo.samples, demo.bins]).toEqual([
      settings.node_num,
      settings.hidden_layer_size,
      settings.samples,
      settings.bins,
    ]);
  });

  for (const [i, { expected, setting }] of cases.entries()) {
    describe(`${expected.weight}, ${expected.activation}`, () => {
      const run = demo.runs[i];

      it(`names the weights as the book does and the figure (${expected.figure})`, () => {
        expect(run.weight).toBe(expected.weight);
        expect(run.figure).toBe(expected.figure);
      });

      it("counts each layer's bins as numpy does, but for values within rounding of an edge", () => {
        const activations = layerActivations(setting, 0);
        run.layers.forEach((layer, l) => {
          const want = expected.layers[l];
          // A value that rounding moves across an edge leaves one bin for the next: each such
          // value changes two counts by one. None of these runs has one (the allowance is 0),
          // so the counts are equal; the allowance keeps the claim honest for other values.
          const allowance =
            2 * nearEdges(activations[l], demo.edges, setting.activation === 'relu');
          const moved = layer.counts.reduce((sum, c, b) => sum + Math.abs(c - want.counts[b]), 0);
          expect(moved, `layer ${l + 1}`).toBeLessThanOrEqual(allowance);
          expect(allowance, `layer ${l + 1}`).toBe(0);
          expect(layer.counts).toEqual(want.counts);
          expect([layer.zeros, layer.belowRange, layer.aboveRange]).toEqual([
            want.zeros,
            want.belowRange,
            want.aboveRange,
          ]);
        });
      });

      it('has the layer statistics of numpy to a relative 1e-12', () => {
        run.layers.forEach((layer, l) => {
          const want = expected.layers[l];
          for (const key of ['mean', 'std', 'min', 'max', 'sum'] as const) {
            if (want[key] === 0) expect(layer[key], `layer ${l + 1} ${key}`).toBe(0);
            else expectClose(layer[key], want[key], `layer ${l + 1} ${key}`);
          }
          layer.first.forEach((v, k) => {
            // ReLU's output is exactly 0 where a < 0, as numpy's is
            if (want.first[k] === 0) expect(v).toBe(0);
            else expect(Math.abs(v - want.first[k])).toBeLessThan(DELTA * Math.max(1, want.max));
          });
        });
      });
    });
  }
});

describe('activationOutcome: what the histograms show', () => {
  const outcome = (init: WeightInit, activation: 'sigmoid' | 'relu') => {
    const i = cases.findIndex(
      (c) => c.setting.init === init && c.setting.activation === activation,
    );
    return activationOutcome(demo.runs[i] as ActivationRun);
  };
  it('fig. 6-10, std 1 with sigmoid: saturated at 0 and 1', () =>
    expect(outcome(1, 'sigmoid')).toBe('saturated'));
  it('fig. 6-11, std 0.01 with sigmoid: collapsed near 0.5', () =>
    expect(outcome(0.01, 'sigmoid')).toBe('collapsed'));
  it('fig. 6-13, Xavier with sigmoid: spread', () =>
    expect(outcome('xavier', 'sigmoid')).toBe('spread'));
  it('fig. 6-14, ReLU: std 0.01 vanishes, Xavier shrinks, He keeps the spread', () => {
    expect(outcome(0.01, 'relu')).toBe('vanishing');
    expect(outcome('xavier', 'relu')).toBe('shrinking');
    expect(outcome('he', 'relu')).toBe('kept');
  });
  it('std 1 with ReLU grows', () => expect(outcome(1, 'relu')).toBe('growing'));
});

describe('activationSettings: which settings a command line runs', () => {
  it("runs the book's six figures with neither option", () => {
    expect(activationSettings()).toEqual(
      BOOK_ACTIVATION_SETTINGS.map(({ init, activation }) => ({ init, activation })),
    );
    expect(BOOK_ACTIVATION_SETTINGS.map((s) => s.figure).sort()).toEqual(
      fixture.runs
        .filter((r) => r.figure !== null)
        .map((r) => r.figure)
        .sort(),
    );
  });
  it('runs every scale with --activation alone, both activations with --init alone', () => {
    expect(activationSettings(undefined, 'relu')).toEqual(
      [1, 0.01, 'xavier', 'he'].map((init) => ({ init, activation: 'relu' })),
    );
    expect(activationSettings('he')).toEqual([
      { init: 'he', activation: 'sigmoid' },
      { init: 'he', activation: 'relu' },
    ]);
    expect(activationSettings(0.1, 'sigmoid')).toEqual([{ init: 0.1, activation: 'sigmoid' }]);
  });
  it("runs 'all' as the four scales, sigmoid's first", () => {
    const all = activationSettings('all');
    expect(all).toHaveLength(8);
    expect(all.slice(0, 4).every((s) => s.activation === 'sigmoid')).toBe(true);
  });
});
