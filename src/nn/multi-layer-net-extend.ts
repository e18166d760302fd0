// The book's MultiLayerNetExtend (common/multi_layer_net_extend.py; book 6.3-6.4): MultiLayerNet
// with, on request, a BatchNormalization layer after each hidden Affine (γ ones, β zeros) and a
// Dropout layer after each hidden activation. predict and loss take the train flag that those
// layers need; gradient and numericalGradient run in training mode, accuracy in test mode.

import { FullyConnectedNet, type FullyConnectedNetOptions } from './fully-connected-net.js';

export interface MultiLayerNetExtendOptions extends FullyConnectedNetOptions {
  useDropout?: boolean;
  /** The share of hidden values dropped in training (the book's dropout_ration, default 0.5). */
  dropoutRatio?: number;
  useBatchnorm?: boolean;
}

export class MultiLayerNetExtend extends FullyConnectedNet {
  readonly useDropout: boolean;
  readonly dropoutRatio: number;
  readonly useBatchnorm: boolean;

  constructor(
    inputSize: number,
    hiddenSizeList: readonly number[],
    outputSize: number,
    options: MultiLayerNetExtendOptions = {},
  ) {
    const extras = {
      useDropout: options.useDropout ?? false,
      dropoutRatio: options.dropoutRatio ?? 0.5,
      useBatchnorm: options.useBatchnorm ?? false,
    };
    super(inputSize, hiddenSizeList, outputSize, options, extras);
    this.useDropout = extras.useDropout;
    this.dropoutRatio = extras.dropoutRatio;
    this.useBatchnorm = extras.useBatchnorm;
  }
}
