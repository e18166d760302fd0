import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/fast/load-backend.js';
import { trainConfigFrom, type TrainConfig } from '../../src/train/config.js';
import type { EpochRecord } from '../../src/train/events.js';
import type { Precision } from '../../src/fast/precision.js';
import { Trainer } from '../../src/train/trainer.js';
import { bundledMnist } from './bundled-mnist.js';

const config: TrainConfig = trainConfigFrom(
  { iters: 61, trainSize: 2000, testSize: 500 },
  { train: { count: 60000 }, test: { count: 10000 } },
);

type Rows = Omit<EpochRecord, 'elapsedMs'>[];

/** Each setting's rows, trained once in this file: both tests read the float64 ones on wasm. */
const trained = new Map<string, Promise<Rows>>();

function rows(
  backend: 'js' | 'wasm',
  threads: number,
  precision: Precision = 'f64',
): Promise<Rows> {
  const key = `${backend} ${threads} ${precision}`;
  let answer = trained.get(key);
  if (answer === undefined) {
    answer = train(backend, threads, precision);
    trained.set(key, answer);
  }
  return answer;
}

async function train(backend: 'js' | 'wasm', threads: number, precision: Precision): Promise<Rows> {
  const dataset = await bundledMnist();
  const trainer = new Trainer({
    config,
    seed: 0,
    dataset,
    backend: await loadBackend(backend),
    threads,
    precision,
  });
  const result = await trainer.run();
  return [
    ...result.epochs.map(({ elapsedMs: _, ...row }) => row),
    { ...result.final, epoch: -1, iter: -1, loss: 0 } as Rows[number],
  ];
}

describe('--backend, --threads and --precision', () => {
  it('--seed 0 gives identical rows with --backend js and --backend wasm, in any thread count', async () => {
    const reference = await rows('js', 1);
    expect(reference).toHaveLength(5);
    expect(await rows('wasm', 1)).toEqual(reference);
    expect(await rows('wasm', 3)).toEqual(reference);
    expect(await rows('js', 2)).toEqual(reference);
  });

  it('float32 follows the float64 rows closely', async () => {
    const reference = await rows('wasm', 1);
    const single = await rows('wasm', 2, 'f32');
    single.forEach((row, i) => {
      expect(row.loss).toBeCloseTo(reference[i].loss, 4);
      expect(Math.abs(row.testAcc - reference[i].testAcc)).toBeLessThanOrEqual(0.01);
    });
  });
});
