export { Affine } from './affine.js';
export { Relu } from './relu.js';
export { Sigmoid } from './sigmoid.js';
export { SoftmaxWithLoss, type Labels } from './softmax-with-loss.js';
export {
  BATCH_NORM_EPSILON,
  BatchNormalization,
  type BatchNormalizationOptions,
} from './batch-normalization.js';
export { Dropout } from './dropout.js';
