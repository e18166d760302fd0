// Which network a run trains, from the options that describe it (nn-train's, and nn-grad net's):
// one hidden size is chapter 4's TwoLayerNet with its defaults (sigmoid, weight_init_std 0.01);
// two or more are chapter 6's MultiLayerNet with the book's defaults (relu, He), or
// MultiLayerNetExtend when dropout or batch norm is asked for. Every check of meaning and of
// combinations is here, with the messages the command line prints; the CLI only parses strings.

import { ConfigError } from '../core/errors.js';
import { CLASS_COUNT, IMAGE_SIZE } from '../data/dataset.js';
import type { NetworkSpec } from '../nn/network.js';
import { ACTIVATIONS, type Activation } from '../nn/shape.js';

/** The most hidden layers a network may have. */
export const MAX_HIDDEN_LAYERS = 20;

export type WeightInitName = 'std' | 'xavier' | 'he';
export const WEIGHT_INIT_NAMES: readonly WeightInitName[] = ['std', 'xavier', 'he'];

/** The chapter-4 network's defaults (ch04/train_neuralnet.py). */
export const TWO_LAYER_DEFAULTS = Object.freeze({
  hiddenSize: 50,
  activation: 'sigmoid' as Activation,
  weightInitStd: 0.01,
});

/** The network options as given (undefined: not given, the default applies). */
export interface NetworkOptions {
  /** Hidden layer sizes: one for TwoLayerNet, two or more for MultiLayerNet(Extend). */
  hidden?: readonly number[];
  activation?: string;
  /** std (the number --weight-init-std), xavier or he. */
  weightInit?: string;
  weightInitStd?: number;
  /** λ of the weight decay. */
  weightDecay?: number;
  /** The dropout ratio. */
  dropout?: number;
  batchNorm?: boolean;
}

const shownList = (values: readonly number[]) => values.join(',');

/** The network the options describe, with the book's defaults filled in; ConfigError if none. */
export function networkSpecFrom(options: NetworkOptions): NetworkSpec {
  const hidden = options.hidden ?? [TWO_LAYER_DEFAULTS.hiddenSize];
  checkHidden(hidden);
  const activation = options.activation;
  if (activation !== undefined && !ACTIVATIONS.includes(activation as Activation)) {
    throw new ConfigError(`--activation ${activation}: not one of ${ACTIVATIONS.join(', ')}`);
  }
  const weightInitStd = weightInitOf(options);
  const { weightDecay, dropout } = options;
  if (weightDecay !== undefined && !(weightDecay >= 0 && Number.isFinite(weightDecay))) {
    throw new ConfigError(`--weight-decay ${weightDecay}: λ must be a number of at least 0`);
  }
  if (dropout !== undefined && !(dropout >= 0 && dropout < 1)) {
    throw new ConfigError(`--dropout ${dropout}: the ratio must be at least 0 and below 1`);
  }
  const common = { inputSize: IMAGE_SIZE, hiddenSizeList: [...hidden], outputSize: CLASS_COUNT };
  if (hidden.length === 1) {
    const chapter6 = [
      ['--weight-decay', weightDecay !== undefined],
      ['--dropout', dropout !== undefined],
      ['--batch-norm', options.batchNorm === true],
      [`--weight-init ${options.weightInit}`, typeof weightInitStd === 'string'],
    ] as const;
    for (const [flag, isGiven] of chapter6) {
      if (isGiven) {
        throw new ConfigError(
          `${flag} needs two or more hidden sizes (e.g. --hidden 100,100): one size is ` +
            "chapter 4's TwoLayerNet, which has no such option",
        );
      }
    }
    return {
      class: 'TwoLayerNet',
      ...common,
      activation: (activation as Activation | undefined) ?? TWO_LAYER_DEFAULTS.activation,
      weightInitStd: weightInitStd ?? TWO_LAYER_DEFAULTS.weightInitStd,
      weightDecayLambda: 0,
    };
  }
  const multiLayer = {
    ...common,
    // The book's MultiLayerNet defaults: activation='relu', weight_init_std='relu' (He).
    activation: (activation as Activation | undefined) ?? 'relu',
    weightInitStd: weightInitStd ?? 'he',
    weightDecayLambda: weightDecay ?? 0,
  };
  if (dropout === undefined && options.batchNorm !== true) {
    return { class: 'MultiLayerNet', ...multiLayer };
  }
  return {
    class: 'MultiLayerNetExtend',
    ...multiLayer,
    useDropout: dropout !== undefined,
    // The book's default dropout_ration, kept as its constructor keeps it when unused.
    dropoutRatio: dropout ?? 0.5,
    useBatchnorm: options.batchNorm === true,
  };
}

function checkHidden(hidden: readonly number[]): void {
  if (hidden.length === 0) throw new ConfigError('--hidden needs at least one size');
  if (!hidden.every((size) => Number.isSafeInteger(size) && size >= 1)) {
    throw new ConfigError(
      `--hidden ${shownList(hidden)}: each size must be a whole number of at least 1`,
    );
  }
  if (hidden.length > MAX_HIDDEN_LAYERS) {
    throw new ConfigError(
      `--hidden gives ${hidden.length} sizes: at most ${MAX_HIDDEN_LAYERS} hidden layers`,
    );
  }
}

/** The weights' scale: a std, 'he' or 'xavier'; undefined when neither option is given. */
function weightInitOf(options: NetworkOptions): number | 'he' | 'xavier' | undefined {
  const { weightInit, weightInitStd } = options;
  if (weightInit !== undefined && !WEIGHT_INIT_NAMES.includes(weightInit as WeightInitName)) {
    throw new ConfigError(
      `--weight-init ${weightInit}: not one of ${WEIGHT_INIT_NAMES.join(', ')}`,
    );
  }
  if (weightInitStd !== undefined && !(weightInitStd > 0 && Number.isFinite(weightInitStd))) {
    throw new ConfigError(`--weight-init-std ${weightInitStd}: must be a number greater than 0`);
  }
  if (weightInit === 'he' || weightInit === 'xavier') {
    if (weightInitStd !== undefined) {
      throw new ConfigError(
        `--weight-init-std goes with --weight-init std, not with --weight-init ${weightInit}`,
      );
    }
    return weightInit;
  }
  // --weight-init std alone: the chapter-4 default std.
  if (weightInit === 'std') return weightInitStd ?? TWO_LAYER_DEFAULTS.weightInitStd;
  return weightInitStd;
}
