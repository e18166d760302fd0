// The book's MultiLayerNet (common/multi_layer_net.py; chapter 6's experiments on weight
// initialisation and weight decay): fully connected layers of hiddenSizeList units with ReLU or
// sigmoid, He or Xavier initial weights, and an optional L2 weight decay. Without Dropout and
// BatchNorm, the train flag of predict and loss changes nothing.

import { FullyConnectedNet, type FullyConnectedNetOptions } from './fully-connected-net.js';

export type MultiLayerNetOptions = FullyConnectedNetOptions;

export class MultiLayerNet extends FullyConnectedNet {
  constructor(
    inputSize: number,
    hiddenSizeList: readonly number[],
    outputSize: number,
    options: MultiLayerNetOptions = {},
  ) {
    super(inputSize, hiddenSizeList, outputSize, options, {
      useDropout: false,
      dropoutRatio: 0,
      useBatchnorm: false,
    });
  }
}
