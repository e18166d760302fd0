// A model file's architecture (docs/model-format.md): read from either version of the format
// into a NetworkSpec, and the arrays that spec implies, each with the book's name of the layer
// that holds it, so that a file whose arrays do not fit its architecture is named by layer.

import { ACTIVATIONS, type Activation } from './shape.js';
import { NETWORK_CLASSES, type NetworkClass, type NetworkSpec } from './network.js';

/** How each array of a model is written: [rows, cols] for a weight matrix, [n] for a vector. */
export interface ExpectedArray {
  /** The book's key: W1, b1, gamma1, … (params); runningMean1, runningVar1 (batch norm state). */
  name: string;
  /** The book's name of the layer holding it: Affine1, BatchNorm1, … */
  layer: string;
  shape: number[];
}

/** The params the network has, in the book's key order: W1, b1, …, then gamma1, beta1, … */
export function expectedParams(spec: NetworkSpec): ExpectedArray[] {
  const sizes = [spec.inputSize, ...spec.hiddenSizeList, spec.outputSize];
  const arrays = sizes.slice(1).flatMap((size, l): ExpectedArray[] => [
    { name: `W${l + 1}`, layer: `Affine${l + 1}`, shape: [sizes[l], size] },
    { name: `b${l + 1}`, layer: `Affine${l + 1}`, shape: [size] },
  ]);
  return [...arrays, ...batchNormArrays(spec, ['gamma', 'beta'])];
}

/** The running statistics batch norm keeps beside its params: runningMean1, runningVar1, … */
export function expectedRunningStats(spec: NetworkSpec): ExpectedArray[] {
  return batchNormArrays(spec, ['runningMean', 'runningVar']);
}

function batchNormArrays(spec: NetworkSpec, names: readonly string[]): ExpectedArray[] {
  if (spec.useBatchnorm !== true) return [];
  return spec.hiddenSizeList.flatMap((size, i) =>
    names.map((name) => ({ name: `${name}${i + 1}`, layer: `BatchNorm${i + 1}`, shape: [size] })),
  );
}

type Fail = (why: string) => never;

/** Version 1's architecture: a TwoLayerNet, {inputSize, hiddenSize, outputSize, activation}. */
export function parseArchitectureV1(value: unknown, fail: Fail): NetworkSpec {
  if (!isObject(value)) return fail('no architecture object');
  for (const key of ['inputSize', 'hiddenSize', 'outputSize'] as const) {
    positiveInteger(value[key], `architecture.${key}`, fail);
  }
  return {
    class: 'TwoLayerNet',
    inputSize: value.inputSize as number,
    hiddenSizeList: [value.hiddenSize as number],
    outputSize: value.outputSize as number,
    activation: activationOf(value.activation, fail),
    weightDecayLambda: 0,
  };
}

/** Version 2's architecture: a NetworkSpec, each field checked. */
export function parseArchitectureV2(value: unknown, fail: Fail): NetworkSpec {
  if (!isObject(value)) return fail('no architecture object');
  const networkClass = value.class as NetworkClass;
  if (!NETWORK_CLASSES.includes(networkClass)) {
    fail(`architecture.class ${shown(value.class)} is not one of ${NETWORK_CLASSES.join(', ')}`);
  }
  positiveInteger(value.inputSize, 'architecture.inputSize', fail);
  positiveInteger(value.outputSize, 'architecture.outputSize', fail);
  const hidden = value.hiddenSizeList;
  if (!Array.isArray(hidden) || hidden.length === 0) {
    fail(`architecture.hiddenSizeList ${shown(hidden)} is not a list of sizes`);
  }
  (hidden as unknown[]).forEach((size, i) =>
    positiveInteger(size, `architecture.hiddenSizeList[${i}]`, fail),
  );
  if (networkClass === 'TwoLayerNet' && (hidden as unknown[]).length !== 1) {
    fail(`architecture.hiddenSizeList ${shown(hidden)}: a TwoLayerNet has one hidden layer`);
  }
  if (networkClass === 'TwoLayerNet' && value.weightDecayLambda !== 0) {
    fail(
      `architecture.weightDecayLambda ${shown(value.weightDecayLambda)}: a TwoLayerNet has none`,
    );
  }
  const weightInitStd = value.weightInitStd;
  const isScale =
    (typeof weightInitStd === 'number' && weightInitStd > 0 && Number.isFinite(weightInitStd)) ||
    ['he', 'xavier', 'relu', 'sigmoid'].includes(weightInitStd as string);
  if (!isScale) {
    fail(`architecture.weightInitStd ${shown(weightInitStd)} is not a std, he or xavier`);
  }
  const lambda = value.weightDecayLambda;
  if (typeof lambda !== 'number' || !(lambda >= 0) || !Number.isFinite(lambda)) {
    fail(`architecture.weightDecayLambda ${shown(lambda)} is not a number of at least 0`);
  }
  if (networkClass === 'TwoLayerNet' && lambda !== 0) {
    fail(`architecture.weightDecayLambda ${shown(lambda)}: a TwoLayerNet has no weight decay`);
  }
  const spec: NetworkSpec = {
    class: networkClass,
    inputSize: value.inputSize as number,
    hiddenSizeList: hidden as number[],
    outputSize: value.outputSize as number,
    activation: activationOf(value.activation, fail),
    weightInitStd: weightInitStd as NetworkSpec['weightInitStd'],
    weightDecayLambda: lambda as number,
  };
  const extendKeys = ['useDropout', 'dropoutRatio', 'useBatchnorm'] as const;
  if (networkClass !== 'MultiLayerNetExtend') {
    const stray = extendKeys.find((key) => value[key] !== undefined);
    if (stray) fail(`architecture.${stray} is MultiLayerNetExtend's, not ${networkClass}'s`);
    return spec;
  }
  for (const key of ['useDropout', 'useBatchnorm'] as const) {
    if (typeof value[key] !== 'boolean') fail(`architecture.${key} is not true or false`);
  }
  const ratio = value.dropoutRatio;
  if (typeof ratio !== 'number' || !(ratio >= 0 && ratio < 1)) {
    fail(`architecture.dropoutRatio ${shown(ratio)} is not a ratio in [0, 1)`);
  }
  return {
    ...spec,
    useDropout: value.useDropout as boolean,
    dropoutRatio: ratio as number,
    useBatchnorm: value.useBatchnorm as boolean,
  };
}

function positiveInteger(value: unknown, what: string, fail: Fail): void {
  if (!Number.isInteger(value) || (value as number) < 1) {
    fail(`${what} is ${shown(value)}, not a positive integer`);
  }
}

function activationOf(value: unknown, fail: Fail): Activation {
  if (!ACTIVATIONS.includes(value as Activation)) {
    fail(`architecture.activation ${shown(value)} is not sigmoid or relu`);
  }
  return value as Activation;
}

/**
 * A value as the file has it, for messages; JSON.parse reads a number beyond float64 (1e999) as
 * Infinity, which JSON.stringify would show as null.
 */
export function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(shown).join(',')}]`;
  return JSON.stringify(value ?? null);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
