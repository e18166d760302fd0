// book 6.2.2-6.2.3 (figs. 6-10, 6-11, 6-13, 6-14; ch06/weight_init_activation_histogram.py):
// 1000 inputs of 100 standard normals go through five hidden layers of 100 units, no biases,
// with weights of a chosen scale, and the histogram of each layer's activations shows whether
// the scale keeps them spread or lets them saturate, collapse or vanish.

import { matmul } from '../core/kernels/products.js';
import { pairwiseSum } from '../core/kernels/sums.js';
import { scale } from '../core/kernels/scaling.js';
import { Matrix } from '../core/matrix.js';
import { RandomState, type RandomStateSnapshot } from '../core/random.js';
import { relu, sigmoid } from '../nn/functions.js';
import { weightScale } from '../nn/weight-init.js';
import { histogram } from './histogram.js';

export const NODE_NUM = 100;
export const HIDDEN_LAYER_SIZE = 5;
export const SAMPLES = 1000;
export const BINS = 30;
export const RANGE: readonly [number, number] = [0, 1];
const FIRST_COUNT = 8;
const SAMPLES_PER_LAYER = SAMPLES * NODE_NUM;

/** A standard deviation, or a scale fitted to the 100 units feeding each layer. */
export type WeightInit = number | 'xavier' | 'he';
export type HiddenActivation = 'sigmoid' | 'relu';

export interface ActivationSetting {
  init: WeightInit;
  activation: HiddenActivation;
}

/** The six settings of the book's figures, in the book's order. */
export const BOOK_ACTIVATION_SETTINGS: readonly (ActivationSetting & { figure: string })[] = [
  { init: 1, activation: 'sigmoid', figure: '6-10' },
  { init: 0.01, activation: 'sigmoid', figure: '6-11' },
  { init: 'xavier', activation: 'sigmoid', figure: '6-13' },
  { init: 0.01, activation: 'relu', figure: '6-14 (top)' },
  { init: 'xavier', activation: 'relu', figure: '6-14 (middle)' },
  { init: 'he', activation: 'relu', figure: '6-14 (bottom)' },
];

/** The book's name for a weight scale: std 1, std 0.01, Xavier, He. */
export function initLabel(init: WeightInit): string {
  if (init === 'xavier') return 'Xavier';
  if (init === 'he') return 'He';
  return `std ${init}`;
}

export interface LayerActivations {
  layer: number;
  /** np.histogram(a.flatten(), 30, range=(0, 1)) */
  counts: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  sum: number;
  /** how many activations are exactly 0 (ReLU's negative inputs) */
  zeros: number;
  belowRange: number;
  aboveRange: number;
  first: number[];
}

export interface ActivationRun {
  init: WeightInit;
  /** the book's name of the weight scale, and the standard deviation it comes to */
  weight: string;
  std: number;
  activation: HiddenActivation;
  /** the book's figure showing this setting, or null */
  figure: string | null;
  layers: LayerActivations[];
}

export interface ActivationsDemo {
  seed: number;
  nodeNum: number;
  hiddenLayerSize: number;
  samples: number;
  bins: number;
  range: [number, number];
  edges: number[];
  /** the first values and np.sum of input_data, the same for every run */
  input: { first: number[]; sum: number };
  runs: ActivationRun[];
}

function layerStatistics(layer: number, a: Float64Array): LayerActivations {
  const { counts, belowRange, aboveRange } = histogram(a, BINS, RANGE);
  // np.mean and np.std: pairwise sums, then the sum of squared deviations from the mean
  const sum = pairwiseSum(a);
  const mean = sum / a.length;
  const deviations = new Float64Array(a.length);
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    deviations[i] = (v - mean) * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  return {
    layer,
    counts,
    mean,
    std: Math.sqrt(pairwiseSum(deviations) / a.length),
    min,
    max,
    sum,
    zeros,
    belowRange,
    aboveRange,
    first: Array.from(a.subarray(0, FIRST_COUNT)),
  };
}

/**
 * The script's activations after np.random.seed(seed): input_data = randn(1000, 100), then for
 * each layer w = randn(100, 100) * scale, a = x·w, z = activation(a); one array per layer.
 */
export function layerActivations(setting: ActivationSetting, seed: number): Float64Array[] {
  const random = new RandomState(seed);
  return hiddenLayers(setting, random.randn(SAMPLES * NODE_NUM), random);
}

// input: (SAMPLES, NODE_NUM), drawn by random just before; each layer's weights come next
function hiddenLayers(
  setting: ActivationSetting,
  input: Float64Array,
  random: RandomState,
): Float64Array[] {
  let x = new Matrix(SAMPLES, NODE_NUM, input);
  const std = weightScale(setting.init, NODE_NUM);
  const layers: Float64Array[] = [];
  for (let i = 0; i < HIDDEN_LAYER_SIZE; i++) {
    const w = random.randn(NODE_NUM * NODE_NUM);
    scale(w, w, std, w.length);
    const a = new Matrix(SAMPLES, NODE_NUM);
    matmul(a.data, x.data, w, SAMPLES, NODE_NUM, NODE_NUM);
    x = setting.activation === 'sigmoid' ? sigmoid(a) : relu(a);
    layers.push(x.data);
  }
  return layers;
}

/**
 * One setting's histograms and statistics, layer by layer, from the script's input_data and
 * the generator as it stands after drawing it.
 */
function activationRun(
  setting: ActivationSetting,
  input: Float64Array,
  afterInput: RandomStateSnapshot,
): ActivationRun {
  const figure = BOOK_ACTIVATION_SETTINGS.find(
    (book) => book.init === setting.init && book.activation === setting.activation,
  )?.figure;
  return {
    init: setting.init,
    weight: initLabel(setting.init),
    std: weightScale(setting.init, NODE_NUM),
    activation: setting.activation,
    figure: figure ?? null,
    layers: hiddenLayers(setting, input, RandomState.fromState(afterInput)).map((a, i) =>
      layerStatistics(i + 1, a),
    ),
  };
}

export function activationsDemo(
  settings: readonly ActivationSetting[] = BOOK_ACTIVATION_SETTINGS,
  seed = 0,
): ActivationsDemo {
  // every setting starts from the same input_data, so it is drawn once
  const random = new RandomState(seed);
  const input = random.randn(SAMPLES * NODE_NUM);
  const afterInput = random.getState();
  return {
    seed,
    nodeNum: NODE_NUM,
    hiddenLayerSize: HIDDEN_LAYER_SIZE,
    samples: SAMPLES,
    bins: BINS,
    range: [...RANGE],
    edges: histogram([], BINS, RANGE).edges,
    input: { first: Array.from(input.subarray(0, FIRST_COUNT)), sum: pairwiseSum(input) },
    runs: settings.map((setting) => activationRun(setting, input, afterInput)),
  };
}

export type ActivationOutcome =
  'saturated' | 'collapsed' | 'spread' | 'vanishing' | 'shrinking' | 'kept' | 'growing';

/**
 * What the histograms show, for the line of explanation under them. Sigmoid: most activations
 * in the outermost bins (saturated at 0 and 1), every layer's std below 0.05 (all near 0.5), or
 * spread. ReLU, by the last layer's std over the first's: below 1/100 vanishing, below 1/2
 * shrinking, up to 2 kept, beyond that growing.
 */
export function activationOutcome(run: ActivationRun): ActivationOutcome {
  const { layers } = run;
  if (run.activation === 'sigmoid') {
    const outer = layers.map(
      (l) => (l.counts[0] + l.counts[l.counts.length - 1]) / SAMPLES_PER_LAYER,
    );
    if (outer.reduce((a, b) => a + b, 0) / outer.length > 0.5) return 'saturated';
    if (layers.every((l) => l.std < 0.05)) return 'collapsed';
    return 'spread';
  }
  const ratio = layers[layers.length - 1].std / layers[0].std;
  if (ratio < 0.01) return 'vanishing';
  if (ratio < 0.5) return 'shrinking';
  if (ratio <= 2) return 'kept';
  return 'growing';
}

/** The four weight scales of the script's commented lines: std 1, std 0.01, Xavier, He. */
export const BOOK_INITS: readonly WeightInit[] = [1, 0.01, 'xavier', 'he'];
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ['sigmoid', 'relu'];

/**
 * The settings to run: the book's six figures when neither is given, else every combination
 * of the given scale (all four when absent or 'all') and activation (both when absent),
 * sigmoid's first as in the book.
 */
export function activationSettings(
  init?: WeightInit | 'all',
  activation?: HiddenActivation,
): ActivationSetting[] {
  if (init === undefined && activation === undefined) {
    return BOOK_ACTIVATION_SETTINGS.map(({ init, activation }) => ({ init, activation }));
  }
  const inits = init === undefined || init === 'all' ? BOOK_INITS : [init];
  const activations = activation === undefined ? HIDDEN_ACTIVATIONS : [activation];
  return activations.flatMap((a) => inits.map((i) => ({ init: i, activation: a })));
}
