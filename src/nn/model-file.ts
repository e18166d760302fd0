// The saved-model format of nn-train --save (docs/model-format.md): one JSON document naming its
// format and version, the architecture, every parameter as a shape and a flat row-major list of
// numbers, and what the run that made it wants remembered (config, seed, metrics).
// JSON numbers round-trip float64 exactly (JSON.stringify writes the shortest exact decimal), so
// a loaded network computes what the saved one did, bit for bit.

import { ModelError } from '../core/errors.js';
import {
  ACTIVATIONS,
  paramShapes,
  type Activation,
  type NetworkShape,
  type ParamName,
  type Params,
} from './shape.js';
import { PARAM_NAMES, TwoLayerNet, type TwoLayerNetOptions } from './two-layer-net.js';

export const MODEL_FORMAT = 'nn-scratch/two-layer-net';
export const MODEL_VERSION = 1;

/** The network as the file spells it (docs/model-format.md); networkShape() reads it. */
export interface Architecture {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  activation: Activation;
}

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
  architecture: Architecture;
  params: Params<Float64Array>;
  /** The training configuration, as nn-train's JSON output shows it. */
  config?: Record<string, unknown>;
  seed?: number;
  metrics?: ModelMetrics;
}

export function networkShape(a: Architecture): NetworkShape {
  return { layerSizes: [a.inputSize, a.hiddenSize, a.outputSize], activation: a.activation };
}

/** How a parameter's shape is written: [rows, cols] for a weight matrix, [n] for a bias. */
function fileShape(name: ParamName, [rows, cols]: [number, number]): number[] {
  return name.startsWith('b') ? [cols] : [rows, cols];
}

export function modelOfNet(
  net: TwoLayerNet,
  extras: Omit<SavedModel, 'architecture' | 'params'> = {},
): SavedModel {
  const params: Params<Float64Array> = {};
  for (const name of PARAM_NAMES) params[name] = net.params[name].data.slice();
  return {
    architecture: {
      inputSize: net.inputSize,
      hiddenSize: net.hiddenSize,
      outputSize: net.outputSize,
      activation: net.activation,
    },
    params,
    ...extras,
  };
}

export function netOfModel(model: SavedModel, options: TwoLayerNetOptions = {}): TwoLayerNet {
  const { inputSize, hiddenSize, outputSize, activation } = model.architecture;
  return new TwoLayerNet(inputSize, hiddenSize, outputSize, 0, {
    ...options,
    activation,
    initialParams: model.params,
  });
}

export function serializeModel(model: SavedModel): string {
  const params: Params<{ shape: number[]; data: number[] }> = {};
  for (const [name, shape] of paramShapes(networkShape(model.architecture))) {
    const values = model.params[name];
    for (const value of values) {
      if (!Number.isFinite(value)) throw new ModelError(`cannot save ${name}: it holds ${value}`);
    }
    params[name] = { shape: fileShape(name, shape), data: Array.from(values) };
  }
  const document = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    architecture: model.architecture,
    ...(model.seed === undefined ? {} : { seed: model.seed }),
    ...(model.config === undefined ? {} : { config: model.config }),
    ...(model.metrics === undefined ? {} : { metrics: model.metrics }),
    params,
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
  const architecture = parseArchitecture(document.architecture, fail);
  if (!isObject(document.params)) return fail('no params object');
  const documentParams = document.params;
  const params: Params<Float64Array> = {};
  for (const [name, [rows, cols]] of paramShapes(networkShape(architecture))) {
    const entry = documentParams[name];
    if (!isObject(entry)) return fail(`parameter ${name} is missing`);
    const expected = fileShape(name, [rows, cols]);
    if (!Array.isArray(entry.shape) || entry.shape.join(',') !== expected.join(',')) {
      fail(
        `${name} has shape ${shown(entry.shape)}, the architecture needs [${expected.join(', ')}]`,
      );
    }
    const data = entry.data;
    if (!Array.isArray(data)) return fail(`${name} has no data list`);
    if (data.length !== rows * cols) {
      fail(
        `${name} holds ${data.length} numbers, its shape [${expected.join(', ')}] needs ${rows * cols}`,
      );
    }
    const values = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const value: unknown = data[i];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail(`${name}[${i}] is ${shown(value)}, not a finite number`);
      }
      values[i] = value as number;
    }
    params[name] = values;
  }
  const model: SavedModel = { architecture, params };
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

function parseArchitecture(value: unknown, fail: (why: string) => never): Architecture {
  if (!isObject(value)) return fail('no architecture object');
  const sizes = ['inputSize', 'hiddenSize', 'outputSize'] as const;
  for (const key of sizes) {
    const size = value[key];
    if (!Number.isInteger(size) || (size as number) < 1) {
      fail(`architecture.${key} is ${shown(size)}, not a positive integer`);
    }
  }
  const activation = value.activation;
  if (!ACTIVATIONS.includes(activation as Activation)) {
    fail(`architecture.activation ${shown(activation)} is not sigmoid or relu`);
  }
  return {
    inputSize: value.inputSize as number,
    hiddenSize: value.hiddenSize as number,
    outputSize: value.outputSize as number,
    activation: activation as Activation,
  };
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

/**
 * A value as the file has it, for messages; JSON.parse reads a number beyond float64 (1e999) as
 * Infinity, which JSON.stringify would show as null.
 */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(shown).join(',')}]`;
  return JSON.stringify(value ?? null);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
