// What the fast path reads of chapter 6's networks (MultiLayerNet, MultiLayerNetExtend): the
// shape of their forward pass, from the layers they were built with, and the values an
// evaluation pass needs, which are the network's own arrays.

import type { FullyConnectedNet } from '../nn/fully-connected-net.js';
import type { BatchNormalization } from '../nn/layers/batch-normalization.js';
import type { Dropout } from '../nn/layers/dropout.js';
import type { ForwardShape, ForwardValues } from './sparse-forward.js';

/** The evaluation passes' view of a network: its layers and the loss's delta. */
export function forwardShapeOf(net: FullyConnectedNet): ForwardShape {
  const dropout = net.layers.get('Dropout1') as Dropout | undefined;
  return {
    layerSizes: [net.inputSize, ...net.hiddenSizeList, net.outputSize],
    activation: net.activation,
    useBatchnorm: net.layers.has('BatchNorm1'),
    dropoutRatio: dropout?.dropoutRatio ?? 0,
    crossEntropyDelta: net.lastLayer.delta,
  };
}

/**
 * The values the evaluation passes read: the network's own arrays, params and batch norm's
 * running statistics (made now, as zeros, where no pass has made them yet).
 */
export function forwardValuesOf(net: FullyConnectedNet): ForwardValues {
  const values = Object.fromEntries(Object.entries(net.params).map(([k, p]) => [k, p.data]));
  net.hiddenSizeList.forEach((size, i) => {
    const layer = net.layers.get(`BatchNorm${i + 1}`) as BatchNormalization | undefined;
    if (layer === undefined) return;
    values[`runningMean${i + 1}`] = layer.runningMean ??= net.backend.allocate(size);
    values[`runningVar${i + 1}`] = layer.runningVar ??= net.backend.allocate(size);
  });
  return values;
}
