// The saved-model format of nn-train --save (docs/model-format.md): one JSON document naming its
// format and version, the architecture (any of the book's networks: TwoLayerNet, MultiLayerNet,
// MultiLayerNetExtend), every parameter and batch norm's running statistics as a shape and a
// flat row-major list of numbers, and what the run that made it wants remembered (config, seed,
// metrics). Version 1 files (TwoLayerNet only) are read as well.
// JSON numbers round-trip float64 exactly (JSON.stringify writes the shortest exact decimal), so
// a loaded network computes what the saved one did, bit for bit.

import { ModelError } from '../core/errors.js';
import {
  expectedParams,
  expectedRunningStats,
  isObject,
  parseArchitectureV1,
  parseArchitectureV2,
  shown,
  type ExpectedArray,
} from './model-architecture.js';
import {
  batchNormLayers,
  buildNetwork,
  type BuildOptions,
  type Network,
  type NetworkSpec,
} from './network.js';

/**
 * The format's name, kept from version 1 (when TwoLayerNet was its only network) so that a
 * reader of version 1 refuses a newer file by its version, not as a stranger's.
 */
export const MODEL_FORMAT = 'nn-scratch/two-layer-net';
export const MODEL_VERSION = 2;

/**
 * One evaluation row of a run: what the trainer reports per epoch (src/train/events.ts hands it
 * on), nn-train prints, and a saved model keeps. It is defined here, in the format that stores
 * it, because the format sits below the trainer: nn/ may not import train/.
 */
export interface EpochRecord {
  /** 0 for the evaluation after the first iteration, then 1, 2, … as the book's lists count. */
  epoch: number;
  /** The book's loop index i of the iteration after which this row was evaluated. */
  iter: number;
  /** Mean batch loss of the iterations since the previous row (this one included). */
  loss: number;
  trainAcc: number;
  testAcc: number;
  /**
   * Mean cross-entropy over the whole training and test sets, from the same pass as the
   * accuracies (the weight-decay term left out); absent from records that did not measure it.
   */
  trainLoss?: number;
  testLoss?: number;
  /** Since training started (data loading excluded), evaluation included. */
  elapsedMs: number;
}

export interface ModelMetrics {
  status: string;
  iterationsDone: number;
  epochs: EpochRecord[];
  final: { trainAcc: number; testAcc: number } | null;
}

export interface SavedModel {
  /** The network's constructor arguments (version 1 files: a TwoLayerNet, weightInitStd unsaid). */
  architecture: NetworkSpec;
  /** The book's params dict: W1, b1, …, gamma1, beta1, … as flat row-major arrays. */
  params: Record<string, Float64Array>;
  /** Batch norm's running mean and variance per layer: runningMean1, runningVar1, … */
  runningStats?: Record<string, Float64Array>;
  /** The training configuration, as nn-train's JSON output shows it. */
  config?: Record<string, unknown>;
  seed?: number;
  metrics?: ModelMetrics;
}

/** The model of a network built from `architecture`, its arrays copied. */
export function modelOfNet(
  net: Network,
  architecture: NetworkSpec,
  extras: Omit<SavedModel, 'architecture' | 'params' | 'runningStats'> = {},
): SavedModel {
  const params: Record<string, Float64Array> = {};
  for (const [name, param] of Object.entries(net.params)) params[name] = param.data.slice();
  const model: SavedModel = { architecture, params, ...extras };
  const batchNorms = batchNormLayers(net);
  if (batchNorms.size > 0) {
    // A layer that never ran in training mode keeps the book's initial zeros.
    const copy = (values: Float64Array | null, size: number) =>
      values === null ? new Float64Array(size) : values.slice();
    model.runningStats = {};
    for (const [idx, layer] of batchNorms) {
      model.runningStats[`runningMean${idx}`] = copy(layer.runningMean, layer.size);
      model.runningStats[`runningVar${idx}`] = copy(layer.runningVar, layer.size);
    }
  }
  return model;
}

/** The saved network, ready to predict: its params, and batch norm's running statistics. */
export function netOfModel(model: SavedModel, options: BuildOptions = {}): Network {
  const net = buildNetwork(model.architecture, { ...options, initialParams: model.params });
  for (const [idx, layer] of batchNormLayers(net)) {
    const place = (values: Float64Array | undefined) => {
      const copy = net.backend.allocate(layer.size);
      if (values) copy.set(values);
      return copy;
    };
    layer.runningMean = place(model.runningStats?.[`runningMean${idx}`]);
    layer.runningVar = place(model.runningStats?.[`runningVar${idx}`]);
  }
  return net;
}

export function serializeModel(model: SavedModel): string {
  const written = (arrays: ExpectedArray[], values: Record<string, Float64Array> | undefined) => {
    const entries: Record<string, { shape: number[]; data: number[] }> = {};
    for (const { name, shape } of arrays) {
      const data = values?.[name];
      if (data === undefined) throw new ModelError(`cannot save ${name}: the model has none`);
      for (const value of data) {
        if (!Number.isFinite(value)) throw new ModelError(`cannot save ${name}: it holds ${value}`);
      }
      entries[name] = { shape, data: Array.from(data) };
    }
    return entries;
  };
  const runningStats = expectedRunningStats(model.architecture);
  const document = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    architecture: model.architecture,
    ...(model.seed === undefined ? {} : { seed: model.seed }),
    ...(model.config === undefined ? {} : { config: model.config }),
    ...(model.metrics === undefined ? {} : { metrics: model.metrics }),
    params: written(expectedParams(model.architecture), model.params),
    ...(runningStats.length === 0
      ? {}
      : { runningStats: written(runningStats, model.runningStats) }),
  };
  return `${JSON.stringify(document)}\n`;
}

/** Reads a model file's text; anything malformed, truncated or foreign is a ModelError. */
export function parseModel(text: string, source = 'model'): SavedModel {
  const fail = (why: string): never => {
    throw new ModelError(`${source}: ${why}`);
  };
  if (text.trim() === '') fail('empty file, not a model');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    fail(
      text.trimStart().startsWith('{')
        ? 'not valid JSON (truncated or corrupt?)'
        : 'not JSON, so not a model saved by nn-train --save',
    );
  }
  if (!isObject(document)) return fail('not a JSON object, so not a model saved by nn-train');
  if (document.format !== MODEL_FORMAT) {
    fail(`format ${shown(document.format)} is not ${MODEL_FORMAT}: not a model saved by nn-train`);
  }
  const version = document.version;
  if (!Number.isInteger(version) || (version as number) < 1) {
    fail(`version ${shown(version)} is not a format version`);
  }
  if ((version as number) > MODEL_VERSION) {
    fail(`format version ${version} is newer than this nn-scratch reads (up to ${MODEL_VERSION})`);
  }
  const architecture =
    version === 1
      ? parseArchitectureV1(document.architecture, fail)
      : parseArchitectureV2(document.architecture, fail);
  const params = readArrays(document.params, 'params', expectedParams(architecture), fail);
  const stats = expectedRunningStats(architecture);
  const runningStats =
    stats.length === 0 ? undefined : readArrays(document.runningStats, 'runningStats', stats, fail);
  const model: SavedModel = { architecture, params };
  if (runningStats) model.runningStats = runningStats;
  if (document.seed !== undefined) {
    if (!Number.isInteger(document.seed)) fail('seed is not an integer');
    model.seed = document.seed as number;
  }
  if (document.config !== undefined) {
    if (!isObject(document.config)) fail('config is not an object');
    model.config = document.config as Record<string, unknown>;
  }
  if (document.metrics !== undefined) model.metrics = parseMetrics(document.metrics, fail);
  return model;
}

/**
 * The arrays a section of the file holds (params, runningStats): exactly the expected ones, each
 * of its shape and of finite numbers. Faults name the array and the book's layer that holds it.
 */
function readArrays(
  section: unknown,
  sectionName: string,
  expected: ExpectedArray[],
  fail: (why: string) => never,
): Record<string, Float64Array> {
  if (!isObject(section)) return fail(`no ${sectionName} object`);
  const arrays: Record<string, Float64Array> = {};
  for (const { name, layer, shape } of expected) {
    const entry = section[name];
    if (!isObject(entry)) return fail(`${name} of layer ${layer} is missing`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(entry.shape) || entry.shape.join(',') !== shape.join(',')) {
      fail(
        `${name} of layer ${layer} has shape ${shown(entry.shape)}, the architecture needs [${shape.join(', ')}]`,
      );
    }
    const data = entry.data;
    if (!Array.isArray(data)) return fail(`${name} has no data list`);
    if (data.length !== size) {
      fail(`${name} holds ${data.length} numbers, its shape [${shape.join(', ')}] needs ${size}`);
    }
    const values = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const value: unknown = data[i];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail(`${name}[${i}] is ${shown(value)}, not a finite number`);
      }
      values[i] = value as number;
    }
    arrays[name] = values;
  }
  const names = new Set(expected.map((array) => array.name));
  const stray = Object.keys(section).find((name) => !names.has(name));
  if (stray !== undefined) {
    fail(`${sectionName} holds ${stray}, which the architecture has no layer for`);
  }
  return arrays;
}

function parseMetrics(value: unknown, fail: (why: string) => never): ModelMetrics {
  if (!isObject(value) || !Array.isArray(value.epochs))
    return fail('metrics without an epochs list');
  const numeric = ['epoch', 'iter', 'loss', 'trainAcc', 'testAcc', 'elapsedMs'] as const;
  for (const row of value.epochs as unknown[]) {
    if (!isObject(row) || numeric.some((key) => typeof row[key] !== 'number')) {
      fail(
        'metrics.epochs holds a row that is not {epoch, iter, loss, trainAcc, testAcc, elapsedMs}',
      );
    }
  }
  const final = value.final;
  if (
    final !== null &&
    (!isObject(final) || typeof final.trainAcc !== 'number' || typeof final.testAcc !== 'number')
  ) {
    fail('metrics.final is neither null nor {trainAcc, testAcc}');
  }
  if (typeof value.status !== 'string' || typeof value.iterationsDone !== 'number') {
    fail('metrics without status and iterationsDone');
  }
  return value as unknown as ModelMetrics;
}
