// How a network and an optimizer are named wherever a run or a model is described (nn-train's
// header, its figure's title, nn-eval's model line, nn-grad net's heading):
// "MultiLayerNetExtend 784-100-100-10 relu He, batch norm, dropout 0.2" and "Adam lr 0.001".

import type { NetworkSpec } from '../nn/network.js';

/** "TwoLayerNet 784-50-10 sigmoid", "MultiLayerNet 784-100-100-10 relu He, weight decay 0.1" */
export function networkLabel(
  spec: NetworkSpec,
  paint: (name: string) => string = (s) => s,
): string {
  const sizes = [spec.inputSize, ...spec.hiddenSizeList, spec.outputSize].join('-');
  const head = `${paint(spec.class)} ${sizes} ${spec.activation}`;
  // TwoLayerNet's weights are always std · randn (chapter 4 names no other scale).
  if (spec.class === 'TwoLayerNet') return head;
  const parts = [
    spec.weightInitStd === undefined ? head : `${head} ${initLabel(spec.weightInitStd)}`,
  ];
  if (spec.weightDecayLambda > 0) parts.push(`weight decay ${spec.weightDecayLambda}`);
  if (spec.useBatchnorm === true) parts.push('batch norm');
  if (spec.useDropout === true) parts.push(`dropout ${spec.dropoutRatio}`);
  return parts.join(', ');
}

/** "He", "Xavier", "std 0.01" */
function initLabel(weightInitStd: number | string): string {
  if (typeof weightInitStd === 'number') return `std ${weightInitStd}`;
  return weightInitStd === 'he' || weightInitStd === 'relu' ? 'He' : 'Xavier';
}

/** What an optimizer's label reads of its spec. */
export interface OptimizerLabelled {
  readonly class: string;
  readonly learningRate: number;
  readonly momentum?: number;
}

/** "SGD lr 0.1", "Momentum lr 0.01 momentum 0.9" */
export function optimizerLabel(spec: OptimizerLabelled): string {
  const momentum = spec.momentum === undefined ? '' : ` momentum ${spec.momentum}`;
  return `${spec.class} lr ${spec.learningRate}${momentum}`;
}
