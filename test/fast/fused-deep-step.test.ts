import { describe, expect, it } from 'vitest';
import { jsBackend, type Backend } from '../../src/core/backend.js';
import { Matrix } from '../../src/core/matrix.js';
import { IMAGE_SIZE } from '../../src/data/dataset.js';
import { fusedStepFor } from '../../src/fast/fused-deep-step.js';
import type { Precision } from '../../src/fast/precision.js';
import { createWasmBackend } from '../../src/fast/wasm-backend.js';
import type { FullyConnectedNet } from '../../src/nn/fully-connected-net.js';
import {
  buildNet,
  CASES,
  COUNT,
  OPTIMIZERS,
  rows,
  split,
  stateOf,
  trainLayered,
  type DeepCase,
} from './deep-networks.js';
import { sameBits } from '../fixtures/ch6/fixture.js';

const STEPS = 6;
const BATCH = 32;

interface Run {
  losses: number[];
  state: Record<string, number[]>;
  net: FullyConnectedNet;
}

function layered(c: DeepCase, optimizer: string, backend: Backend): Run {
  const net = buildNet(c, backend);
  const losses = trainLayered(net, OPTIMIZERS[optimizer](backend), STEPS, BATCH);
  return { losses, state: stateOf(net), net };
}

/** The same loop through the fused step: the batch's choice, then step() on sparse rows. */
function fused(c: DeepCase, optimizer: string, backend: Backend, precision: Precision): Run {
  const net = buildNet(c, backend);
  const step = fusedStepFor(net, OPTIMIZERS[optimizer](backend), { batchSize: BATCH, precision });
  const indices = new Int32Array(BATCH);
  const t = new Int32Array(BATCH);
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    net.random.fillRandint(indices, 0, COUNT);
    split.gatherLabels(t, indices);
    losses.push(step.step(rows, indices, t, BATCH));
  }
  step.finish();
  return { losses, state: stateOf(net), net };
}

/**
 * Every value of one state the other's, bit for bit (-0 told from 0, as toEqual tells them): one
 * assertion per array, where toEqual walking 40 000 values a state took a third of the file.
 */
function expectSameState(actual: Record<string, number[]>, expected: Record<string, number[]>) {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [key, values] of Object.entries(expected)) {
    expect(actual[key].length, key).toBe(values.length);
    expect(sameBits(actual[key], values), key).toEqual([]);
  }
}

/**
 * A WebAssembly backend for one case (a case places about 2.4 MB). Its memory is handed out and
 * never taken back: one backend shared by every case ran out after 26 of them, and the rest
 * ran the TypeScript twins in its place, comparing js with js.
 */
function freshWasm() {
  return createWasmBackend(16 * 1024 * 1024);
}

describe('the fused step of MultiLayerNet(Extend)', () => {
  for (const c of CASES) {
    for (const optimizer of Object.keys(OPTIMIZERS)) {
      it(`at float64 equals gradient() + ${optimizer}.update bit for bit, on js and wasm (${c.name})`, () => {
        const wasm = freshWasm();
        const expected = layered(c, optimizer, jsBackend);
        // The layered network on the WebAssembly backend runs its kernels there: the same bits.
        expectSameState(layered(c, optimizer, wasm).state, expected.state);
        const nextDraw = expected.net.random.randomSample();
        for (const backend of [jsBackend, wasm]) {
          const actual = fused(c, optimizer, backend, 'f64');
          expect(actual.losses).toEqual(expected.losses);
          expectSameState(actual.state, expected.state);
          // The draws after the run (batches and masks alike) are where numpy's would be.
          expect(actual.net.random.randomSample()).toBe(nextDraw);
        }
        // Every array fitted the memory: the WebAssembly kernels ran, not their TypeScript twins.
        expect(wasm.spills).toBe(0);
      });
    }
  }

  // Adam on the batch-norm network would move the biases under BatchNorm, whose gradient is
  // rounding noise (normalization takes any shift away), by ±lr a step at either precision:
  // Momentum's steps follow the gradient's size instead.
  for (const [c, optimizer] of [
    [CASES[0], 'Adam'],
    [CASES[5], 'Momentum'],
  ] as const) {
    it(`at float32 follows the float64 run closely, and leaves its values in the network (${c.name}, ${optimizer})`, () => {
      const expected = layered(c, optimizer, jsBackend);
      const actual = fused(c, optimizer, freshWasm(), 'f32');
      actual.losses.forEach((loss, i) => expect(loss).toBeCloseTo(expected.losses[i], 4));
      for (const [key, values] of Object.entries(expected.state)) {
        const largest = Math.max(...values.map(Math.abs));
        // Every value is checked; one assertion over those too far keeps the check quick.
        const tolerance = 1e-4 * Math.max(largest, 1);
        const far = actual.state[key].flatMap((v, i) =>
          Math.abs(v - values[i]) <= tolerance ? [] : [`${key}[${i}] ${v}, not ${values[i]}`],
        );
        expect(far).toEqual([]);
        // Widened from float32, every value is a float32.
        expect(actual.state[key].every((v) => Math.fround(v) === v)).toBe(true);
      }
    });
  }

  it('takes a batch smaller than it was sized for, as the layered network takes it', () => {
    const c = CASES[5];
    const net = buildNet(c, jsBackend);
    const reference = buildNet(c, jsBackend);
    const step = fusedStepFor(net, OPTIMIZERS.Adam(jsBackend), {
      batchSize: BATCH,
      precision: 'f64',
    });
    const indices = Int32Array.of(3, 141, 59);
    const t = Int32Array.from(indices, (i) => split.labels[i]);
    const x = new Matrix(3, IMAGE_SIZE);
    split.gatherImages(x.data, indices);
    const grads = reference.gradient(x, t);
    const loss = reference.lastLayer.loss + reference.weightDecay();
    OPTIMIZERS.Adam(jsBackend).update(reference.params, grads);
    expect(step.step(rows, indices, t, 3)).toBe(loss);
    expectSameState(stateOf(net), stateOf(reference));
  });
});
