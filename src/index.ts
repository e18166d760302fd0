// The library's public exports: the chapters' functions, networks, optimizers and training loop
// without the command line. Names follow the book (camelCase), so its code and this read side by
// side. train() is nn-train as a function; the README's "Use it as a library" shows it at work.

export { Matrix } from './core/matrix.js';
export { RandomState } from './core/random.js';
export { jsBackend, type Backend } from './core/backend.js';
export { ConfigError, DataError, ModelError, DivergenceError, NnError } from './core/errors.js';

export {
  sigmoid,
  relu,
  softmax,
  sumSquaresError,
  crossEntropyError,
  CROSS_ENTROPY_DELTA,
} from './nn/functions.js';
export { numericalDiff, numericalGradient, gradientDescent } from './nn/numerical.js';
export * from './nn/layers/index.js';
export { TwoLayerNet } from './nn/two-layer-net.js';
export { twoLayerGradient } from './nn/two-layer-gradient.js';
export { type Activation, type Gradients, type NetworkShape, type Params } from './nn/shape.js';
export { MultiLayerNet, type MultiLayerNetOptions } from './nn/multi-layer-net.js';
export {
  MultiLayerNetExtend,
  type MultiLayerNetExtendOptions,
} from './nn/multi-layer-net-extend.js';
export {
  FullyConnectedNet,
  type FullyConnectedNetOptions,
  type NetLayer,
} from './nn/fully-connected-net.js';
export { weightScale, type WeightInitStd } from './nn/weight-init.js';
export {
  SGD,
  Momentum,
  Nesterov,
  AdaGrad,
  RMSprop,
  Adam,
  type Optimizer,
  type OptimizerState,
} from './nn/optimizer.js';
export {
  parseModel,
  serializeModel,
  modelOfNet,
  netOfModel,
  type SavedModel,
} from './nn/model-file.js';

export { loadMnist, type LoadOptions, type LoadResult } from './data/load.js';
export { MnistSplit, type Dataset } from './data/dataset.js';
export { parseImages, parseLabels } from './data/idx.js';

export { train, type TrainRunOptions } from './train/train.js';
export { Trainer, type TrainResult, type TrainerOptions } from './train/trainer.js';
export {
  TRAIN_DEFAULTS,
  trainConfigFrom,
  type TrainConfig,
  type TrainOptions,
} from './train/config.js';
export type { EpochRecord, RunStatus } from './train/events.js';
export { buildNetwork, type Network, type NetworkSpec } from './nn/network.js';
export { loadBackend, type BackendName } from './fast/load-backend.js';
export { evaluateSplit, classifyImage, type SplitEvaluation } from './eval/model-predictions.js';
export { confusionMatrix, classScores } from './eval/confusion.js';
export {
  runBookExperiment,
  runPlan,
  type BookRunOptions,
  type RunOptions,
} from './compare/run-experiment.js';
export { BOOK_EXPERIMENTS, type BookExperiment } from './compare/experiments.js';
export type { CompareResult, CompareRun } from './compare/result.js';
