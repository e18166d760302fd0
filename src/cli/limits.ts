// What a run may cost before it is refused: sizes that cannot fit are usage errors. Before
// nn-train or nn-grad net allocate anything, the memory their options need is estimated
// (src/train/memory-estimate.ts) and set against the machine: over its total memory (or a lower
// cgroup limit) the run could never finish, so it is refused; over what is available now it would
// swap or be killed (and might take other work down with it), so it is refused unless --yes,
// since what is free changes from minute to minute. Numerical gradients are timed, and a run
// estimated over NUMERICAL_LIMIT_MS also needs --yes.

import { ConfigError } from '../core/errors.js';
import { CLASS_COUNT, IMAGE_SIZE } from '../data/dataset.js';
import type { GradMode } from '../train/config.js';
import {
  gradientCheckMemory,
  MAX_MODEL_FILE_BYTES,
  modelFileBytes,
  trainingMemory,
  type StepFootprint,
  type MemoryEstimate,
} from '../train/memory-estimate.js';
import type { Precision } from '../fast/precision.js';
import type { Io } from './io.js';

/** Longest numerical-gradient run (or gradient check) started without --yes. */
export const NUMERICAL_LIMIT_MS = 10 * 60 * 1000;

/** The most a run can use: MNIST's two splits. */
export const MNIST_TRAIN_COUNT = 60000;
export const MNIST_TEST_COUNT = 10000;

/** The options of nn-train that decide its size. */
export interface TrainSizeOptions {
  /** The hidden layers' sizes: one for TwoLayerNet, more for MultiLayerNet(Extend). */
  hidden: readonly number[];
  batchSize: number;
  iters: number;
  precision: Precision;
  threads: number;
  grad: GradMode;
  trainSize?: number;
  testSize?: number;
  save?: string;
  yes?: boolean;
  /** When the run takes the book's step, what that step holds besides the parameters. */
  bookStep?: StepFootprint;
  /** The same, when the fused step trains MultiLayerNet(Extend). */
  deepStep?: StepFootprint;
}

/** "35 GB", "6.4 GB", "512 MB": two significant figures at most. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The largest whole value up to `from` for which `fits` holds, two significant figures. */
export function largestFitting(from: number, fits: (value: number) => boolean): number | undefined {
  if (!fits(1)) return undefined;
  let low = 1;
  let high = from;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  const scale = 10 ** Math.max(0, Math.floor(Math.log10(low)) - 1);
  return Math.floor(low / scale) * scale;
}

type SizeOption = 'hidden' | 'batchSize' | 'iters';
type SizeValues = Record<SizeOption, number | readonly number[]>;
const FLAGS: Record<SizeOption, string> = {
  hidden: '--hidden',
  batchSize: '--batch-size',
  iters: '--iters',
};
/** The option each part of the estimate grows with most; the others grow with --hidden. */
const OPTION_OF_PART: Record<string, SizeOption> = {
  'batch activations': 'batchSize',
  losses: 'iters',
};

/** Layer sizes from the input to the output. */
const layersOf = (hidden: readonly number[]) => [IMAGE_SIZE, ...hidden, CLASS_COUNT];

/** The hidden sizes capped at `largest`: what a network that fits is told to try. */
const cappedAt = (hidden: readonly number[], largest: number) =>
  hidden.map((size) => Math.min(size, largest));

function trainingEstimate(options: TrainSizeOptions): MemoryEstimate {
  const trainSize = options.trainSize ?? MNIST_TRAIN_COUNT;
  return trainingMemory({
    layerSizes: layersOf(options.hidden),
    // A batch larger than the training set is refused once the data is loaded.
    batchSize: Math.min(options.batchSize, trainSize),
    iters: options.iters,
    precision: options.precision,
    threads: options.threads,
    grad: options.grad,
    samples: trainSize + (options.testSize ?? MNIST_TEST_COUNT),
    isSaved: options.save !== undefined,
    ...(options.bookStep === undefined ? {} : { bookStep: options.bookStep }),
    ...(options.deepStep === undefined ? {} : { deepStep: options.deepStep }),
  });
}

/**
 * Refuses, as a usage error naming the figure and the option to change, an nn-train run that
 * needs more memory than the machine has, or (without --yes) than is free now; and a --save of a
 * model too large to write.
 */
export function checkTrainingMemory(io: Io, options: TrainSizeOptions): void {
  const { hidden } = options;
  const widest = Math.max(...hidden);
  const layers = layersOf(hidden);
  if (options.save !== undefined && modelFileBytes(layers) > MAX_MODEL_FILE_BYTES) {
    const fitting = largestFitting(widest, (largest) => {
      return modelFileBytes(layersOf(cappedAt(hidden, largest))) <= MAX_MODEL_FILE_BYTES;
    });
    throw new ConfigError(
      `--save: a model with --hidden ${hidden.join(',')} can take ` +
        `${formatBytes(modelFileBytes(layers))} as JSON, more than the ` +
        `${formatBytes(MAX_MODEL_FILE_BYTES)} one file can hold; try --hidden ` +
        `${fitting === undefined ? 1 : cappedAt(hidden, fitting).join(',')} or less`,
    );
  }
  const estimate = trainingEstimate(options);
  const option = OPTION_OF_PART[estimate.parts[0].what] ?? 'hidden';
  const flag = FLAGS[option];
  const values: SizeValues = options;
  const shown = (value: number | readonly number[]) =>
    typeof value === 'number' ? String(value) : value.join(',');
  // --hidden is scaled down by capping every size; the others are one number.
  const withValue = (value: number): TrainSizeOptions =>
    option === 'hidden'
      ? { ...options, hidden: cappedAt(hidden, value) }
      : { ...options, [option]: value };
  const from = option === 'hidden' ? widest : (values[option] as number);
  refuseOversized(
    io,
    estimate,
    `${flag} ${shown(values[option])}`,
    options.yes === true,
    (limit) => {
      const value = largestFitting(from, (v) => trainingEstimate(withValue(v)).bytes <= limit);
      return value === undefined ? undefined : `${flag} ${shown(withValue(value)[option])}`;
    },
  );
}

/** The same for nn-grad net: a fresh network and the book's gradient check. */
export function checkGradientCheckMemory(io: Io, hidden: readonly number[], yes: boolean): void {
  const estimate = gradientCheckMemory(layersOf(hidden));
  refuseOversized(io, estimate, `--hidden ${hidden.join(',')}`, yes, (limit) => {
    const value = largestFitting(Math.max(...hidden), (largest) => {
      return gradientCheckMemory(layersOf(cappedAt(hidden, largest))).bytes <= limit;
    });
    return value === undefined ? undefined : `--hidden ${cappedAt(hidden, value).join(',')}`;
  });
}

/** `fitting(limit)`: the option with a value whose estimate is within limit ("--hidden 100"). */
function refuseOversized(
  io: Io,
  estimate: MemoryEstimate,
  subject: string,
  yes: boolean,
  fitting: (limit: number) => string | undefined,
): void {
  const { totalBytes, availableBytes } = io.terminal.memory();
  const isOverTotal = estimate.bytes > totalBytes;
  if (!isOverTotal && (yes || estimate.bytes <= availableBytes)) return;
  const limit = isOverTotal ? totalBytes : availableBytes;
  const largest = estimate.parts
    .slice(0, 2)
    .map((part) => `${part.what} ${formatBytes(part.bytes)}`)
    .join(', ');
  const have = isOverTotal
    ? `this machine has ${formatBytes(totalBytes)}`
    : `only ${formatBytes(availableBytes)} of this machine's ${formatBytes(totalBytes)} is free now`;
  const option = fitting(limit);
  const advice = [
    ...(option === undefined ? [] : [`try ${option} or less`]),
    ...(isOverTotal ? [] : ['add --yes to start it anyway']),
  ].join(', or ');
  throw new ConfigError(
    `${subject} needs about ${formatBytes(estimate.bytes)} of memory (${largest}, …); ${have}` +
      (advice === '' ? '' : `: ${advice}`),
  );
}
