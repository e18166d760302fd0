// The fused step of chapter 6's networks (MultiLayerNet, MultiLayerNetExtend) as nn-train takes
// it: src/fast/fused-deep-step.ts's gradient and update on sparse MNIST rows, with any of the
// book's optimizers, weight decay, dropout and batch norm, at float64 or float32, and the
// accuracy passes on worker threads alongside training. Backprop only: numerical gradients of
// these networks take the book's step.

import { forwardShapeOf } from '../fast/deep-network.js';
import { fusedStepFor } from '../fast/fused-deep-step.js';
import type { FullyConnectedNet } from '../nn/fully-connected-net.js';
import { evaluationOf, evaluatorFor, sparseSplits } from './sparse-evaluation.js';
import type { StepSetting, TrainingStep } from './training-step.js';

export function fusedDeepStep(setting: StepSetting & { net: FullyConnectedNet }): TrainingStep {
  const { net, optimizer, config, train, test, precision, threads } = setting;
  const splits = sparseSplits(train, test, net.backend.placement);
  const tBatch = new Int32Array(config.batchSize);
  const step = fusedStepFor(net, optimizer, { batchSize: config.batchSize, precision });
  const shape = forwardShapeOf(net);
  const evaluator = evaluatorFor({ backend: net.backend, precision, threads, shape }, splits);
  return {
    take(batchMask) {
      // t_batch = t_train[batch_mask]; x_batch stays the sparse rows batch_mask picks
      train.gatherLabels(tBatch, batchMask);
      return step.step(splits[0].rows, batchMask, tBatch, config.batchSize);
    },
    ...(step.loss === undefined
      ? {}
      : {
          lossAfterUpdate: (batchMask: Int32Array) => {
            const loss = step.loss as NonNullable<typeof step.loss>;
            return loss(splits[0].rows, batchMask, tBatch, config.batchSize);
          },
        }),
    ...evaluationOf(evaluator, step.values),
    finish: () => step.finish(),
  };
}
