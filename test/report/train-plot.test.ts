import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainConfigFrom } from '../../src/train/config.js';
import { Trainer, type TrainResult } from '../../src/train/trainer.js';
import {
  accuracyDomain,
  accuracyPoints,
  envelope,
  movingAverage,
  smoothingWindow,
  trainingPlotSvg,
} from '../../src/report/train-plot.js';
import type { EpochRow } from '../../src/report/train-terminal.js';
import { findAll, parseXml, textOf, type XmlElement } from '../eval/xml.js';
import { runTrain, SMALL } from '../cli/train-cli.js';
import { bundledMnist } from '../train/bundled-mnist.js';

describe('movingAverage', () => {
  it('is the trailing mean, averaging what there is at the start', () => {
    expect(Array.from(movingAverage([2, 4, 6, 8, 10], 3))).toEqual([2, 3, 4, 6, 8]);
    expect(Array.from(movingAverage([5, 7], 1))).toEqual([5, 7]);
  });

  it('agrees with a direct mean over each window', () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i) + i / 50);
    const mean = movingAverage(values, 17);
    for (const i of [0, 16, 17, 100, 199]) {
      const window = values.slice(Math.max(0, i - 16), i + 1);
      expect(mean[i]).toBeCloseTo(window.reduce((a, b) => a + b, 0) / window.length, 12);
    }
  });

  it('uses a fiftieth of the run as its window', () => {
    expect(smoothingWindow(10000)).toBe(200);
    expect(smoothingWindow(10)).toBe(1);
  });
});

describe('envelope', () => {
  it('keeps short series whole', () => {
    expect(envelope([3, 1, 2], 10)).toEqual([
      [0, 3],
      [1, 1],
      [2, 2],
    ]);
  });

  it('keeps each column’s lowest and highest point, in order, and nothing invented', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.cos(i * 0.37) * (1 + i / 100));
    const points = envelope(values, 50);
    expect(points.length).toBeLessThanOrEqual(100);
    for (const [i, v] of points) expect(values[i]).toBe(v);
    const indices = points.map(([i]) => i);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(Math.max(...points.map(([, v]) => v))).toBe(Math.max(...values));
    expect(Math.min(...points.map(([, v]) => v))).toBe(Math.min(...values));
  });
});

/** The linear map from pixels back to data, fitted through an axis' labelled ticks. */
function axisInverse(ticks: { at: number; value: number }[]): (pixel: number) => number {
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  const [a, b] = [ticks[0], ticks.at(-1) as { at: number; value: number }];
  return (pixel) => a.value + ((pixel - a.at) * (b.value - a.value)) / (b.at - a.at);
}

interface Panel {
  x: (pixel: number) => number;
  y: (pixel: number) => number;
  xTicks: number[];
  yTicks: number[];
  group: XmlElement;
}

/** A panel's scales, read from its tick labels: x labels sit 18 px below the axis, y labels 4 px below their tick. */
function readPanel(group: XmlElement): Panel {
  const ticks = findAll(group, (e) => e.name === 'text' && e.attributes.class === 'tick');
  const xTicks = ticks
    .filter((t) => t.attributes['text-anchor'] === 'middle')
    .map((t) => ({ at: Number(t.attributes.x), value: Number(textOf(t)) }));
  const yTicks = ticks
    .filter((t) => t.attributes['text-anchor'] === 'end')
    .map((t) => ({ at: Number(t.attributes.y) - 4, value: Number(textOf(t)) }));
  return {
    x: axisInverse(xTicks),
    y: axisInverse(yTicks),
    xTicks: xTicks.map((t) => t.value),
    yTicks: yTicks.map((t) => t.value),
    group,
  };
}

function points(element: XmlElement): [number, number][] {
  return element.attributes.points.split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return [x, y];
  });
}

describe('trainingPlotSvg of a real run', () => {
  let result: TrainResult;
  let svg: XmlElement;
  let source: string;

  beforeAll(async () => {
    const dataset = await bundledMnist();
    // 255 iterations with an evaluation every 10: rows after 0, 10, …, 250, then a final one
    const config = trainConfigFrom({ iters: 255, trainSize: 1000, testSize: 500 }, dataset);
    result = await new Trainer({ config, seed: 0, dataset }).run();
    source = trainingPlotSvg(result);
    svg = parseXml(source);
  });

  it('is a standalone 800 × 500 SVG with no scripts and no external references', () => {
    expect(svg.name).toBe('svg');
    expect([svg.attributes.width, svg.attributes.height]).toEqual(['800', '500']);
    expect(
      findAll(svg, (e) => ['script', 'image', 'use', 'foreignObject'].includes(e.name)),
    ).toEqual([]);
    expect(source.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|href/);
  });

  it('has a title with the configuration', () => {
    const title = findAll(svg, (e) => e.attributes.class === 'config').map(textOf)[0];
    expect(title).toContain('784-50-10 sigmoid');
    expect(title).toContain('lr 0.1');
    expect(title).toContain('255 iterations');
    expect(title).toContain('seed 0');
  });

  it('plots one accuracy point per evaluation, each where its value is', () => {
    const evaluations = accuracyPoints(result);
    expect(result.epochs).toHaveLength(26);
    expect(evaluations).toHaveLength(27); // the final evaluation after iteration 254 included
    const panel = readPanel(
      findAll(
        svg,
        (e) => e.name === 'g' && /translate\(400 /.test(e.attributes.transform ?? ''),
      )[0],
    );
    for (const [name, pick] of [
      ['train-acc-point', (i: number) => evaluations[i].trainAcc],
      ['test-acc-point', (i: number) => evaluations[i].testAcc],
    ] as const) {
      const circles = findAll(panel.group, (e) => e.attributes.class === name);
      expect(circles).toHaveLength(evaluations.length);
      circles.forEach((c, i) => {
        expect(panel.x(Number(c.attributes.cx))).toBeCloseTo(evaluations[i].iter / 10, 2);
        expect(panel.y(Number(c.attributes.cy))).toBeCloseTo(pick(i), 3);
      });
    }
    const all = evaluations.flatMap((e) => [e.trainAcc, e.testAcc]);
    expect(Math.min(...panel.yTicks)).toBeLessThanOrEqual(Math.min(...all));
    expect(Math.max(...panel.yTicks)).toBeGreaterThanOrEqual(Math.max(...all));
    expect(Math.max(...panel.yTicks)).toBeLessThanOrEqual(1);
    expect(Math.max(...panel.xTicks)).toBeGreaterThanOrEqual(25.4);
  });

  it('draws the loss band through the real losses, inside axes that contain them', () => {
    const panel = readPanel(
      findAll(svg, (e) => e.name === 'g' && /translate\(0 /.test(e.attributes.transform ?? ''))[0],
    );
    const raw = findAll(panel.group, (e) => e.attributes.class === 'loss-raw')[0];
    const losses = Array.from(result.losses);
    const drawn = points(raw).map(([x, y]) => [panel.x(x), panel.y(y)]);
    expect(drawn).toHaveLength(losses.length); // 255 points fit in the panel's columns
    drawn.forEach(([iteration, loss], i) => {
      expect(iteration).toBeCloseTo(i, 1);
      expect(loss).toBeCloseTo(losses[i], 2);
    });
    expect(Math.min(...panel.yTicks)).toBeLessThanOrEqual(Math.min(...losses));
    expect(Math.max(...panel.yTicks)).toBeGreaterThanOrEqual(Math.max(...losses));
    expect(Math.max(...panel.xTicks)).toBeGreaterThanOrEqual(254);
    const mean = findAll(panel.group, (e) => e.attributes.class === 'loss-mean')[0];
    const smoothed = movingAverage(losses, smoothingWindow(losses.length));
    expect(panel.y(points(mean).at(-1)?.[1] ?? NaN)).toBeCloseTo(smoothed[254], 2);
  });

  it('puts each legend above its plot area, clear of the data', () => {
    for (const group of findAll(
      svg,
      (e) => e.name === 'g' && /translate/.test(e.attributes.transform ?? ''),
    )) {
      const frame = findAll(group, (e) => e.attributes.class === 'frame')[0];
      const legend = findAll(group, (e) => e.attributes.class === 'legend')[0];
      const labels = findAll(legend, (e) => e.name === 'text');
      expect(labels.length).toBeGreaterThanOrEqual(2);
      for (const label of labels) {
        expect(Number(label.attributes.y) + 4).toBeLessThan(Number(frame.attributes.y));
      }
    }
  });

  it('names both series and the moving average in legends', () => {
    const legends = findAll(svg, (e) => e.attributes.class === 'legend').map(textOf);
    expect(legends.join(' ')).toMatch(/loss.*mean of last 5/);
    const final = result.final as { trainAcc: number; testAcc: number };
    expect(legends.join(' ')).toContain(`test (${(final.testAcc * 100).toFixed(2)}%)`);
  });
});

describe('trainingPlotSvg with the losses over the full sets', () => {
  let result: TrainResult;
  let rows: (EpochRow & { trainLoss: number; testLoss: number })[];

  beforeAll(async () => {
    const dataset = await bundledMnist();
    const config = trainConfigFrom({ iters: 61, trainSize: 1000, testSize: 500 }, dataset);
    result = await new Trainer({ config, seed: 2, dataset }).run();
    // Rows as a trainer that measures the set losses gives them: each its own pair of values.
    rows = result.epochs.map((row, i) => ({
      ...row,
      trainLoss: row.loss * 0.9 + i / 100,
      testLoss: row.loss * 1.1 + 0.3,
    }));
  });

  const lossPanelOf = (svg: XmlElement) =>
    readPanel(
      findAll(svg, (e) => e.name === 'g' && /translate\(0 /.test(e.attributes.transform ?? ''))[0],
    );

  it('draws both beside the batch loss, a point per row at its iteration and value', () => {
    const svg = parseXml(trainingPlotSvg({ ...result, epochs: rows }));
    const panel = lossPanelOf(svg);
    expect(rows).toHaveLength(7);
    for (const [name, pick] of [
      ['train-loss', (row: (typeof rows)[number]) => row.trainLoss],
      ['test-loss', (row: (typeof rows)[number]) => row.testLoss],
    ] as const) {
      const circles = findAll(panel.group, (e) => e.attributes.class === `${name}-point`);
      expect(circles).toHaveLength(rows.length);
      circles.forEach((c, i) => {
        expect(panel.x(Number(c.attributes.cx))).toBeCloseTo(rows[i].iter, 1);
        expect(panel.y(Number(c.attributes.cy))).toBeCloseTo(pick(rows[i]), 2);
      });
      const line = findAll(panel.group, (e) => e.attributes.class === name);
      expect(line).toHaveLength(1);
      expect(points(line[0]).map(([x, y]) => [panel.x(x), panel.y(y)])).toEqual(
        rows.map((row) => [expect.closeTo(row.iter, 1), expect.closeTo(pick(row), 2)]),
      );
    }
    const highest = Math.max(...rows.map((row) => row.testLoss), ...result.losses);
    expect(Math.max(...panel.yTicks)).toBeGreaterThanOrEqual(highest);
    const legend = findAll(panel.group, (e) => e.attributes.class === 'legend')[0];
    // 61 iterations: a mean over one would be the batch loss again, so there is none.
    expect(findAll(legend, (e) => e.name === 'text').map(textOf)).toEqual([
      'batch loss',
      'train set',
      'test set',
    ]);
  });

  it('draws neither when the rows do not carry them', () => {
    const bare = rows.map(({ epoch, iter, loss, trainAcc, testAcc, elapsedMs }) => ({
      epoch,
      iter,
      loss,
      trainAcc,
      testAcc,
      elapsedMs,
    }));
    const svg = parseXml(trainingPlotSvg({ ...result, epochs: bare }));
    expect(findAll(svg, (e) => /^(train|test)-loss/.test(e.attributes.class ?? ''))).toEqual([]);
    expect(findAll(svg, (e) => e.attributes.class === 'legend-label').map(textOf)).not.toContain(
      'train set',
    );
  });
});

describe('trainingPlotSvg of a diverged run', () => {
  const svg = parseXml(
    trainingPlotSvg({
      config: trainConfigFrom(
        { iters: 10, trainSize: 100, testSize: 100, evalEvery: 1 },
        { train: { count: 60000 }, test: { count: 10000 } },
      ),
      seed: 1,
      epochs: [{ epoch: 0, iter: 0, loss: 2.3, trainAcc: 0.1, testAcc: 0.12, elapsedMs: 1 }],
      losses: Float64Array.from([2.3, 2.0, 5.0, 40.0, Infinity]),
      final: null,
      iterationsDone: 5,
    }),
  );

  it('draws the losses up to the first non-finite one and stays well formed', () => {
    const raw = findAll(svg, (e) => e.attributes.class === 'loss-raw')[0];
    expect(points(raw)).toHaveLength(4);
    expect(findAll(svg, (e) => e.attributes.class === 'test-acc-point')).toHaveLength(1);
  });

  it('labels the accuracy axis of its one evaluation, zoomed to it', () => {
    const panel = readPanel(
      findAll(
        svg,
        (e) => e.name === 'g' && /translate\(400 /.test(e.attributes.transform ?? ''),
      )[0],
    );
    expect(panel.yTicks.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...panel.yTicks)).toBeLessThan(0.1);
    expect(Math.max(...panel.yTicks)).toBeGreaterThan(0.12);
    expect(Math.max(...panel.yTicks) - Math.min(...panel.yTicks)).toBeLessThanOrEqual(0.1);
  });

  it('with a mean over one iteration, draws the losses alone and names only them', () => {
    expect(findAll(svg, (e) => e.attributes.class === 'loss-mean')).toEqual([]);
    const legend = findAll(svg, (e) => e.attributes.class === 'legend')[0];
    expect(findAll(legend, (e) => e.name === 'text').map(textOf)).toEqual(['batch loss']);
  });
});

describe('accuracyDomain', () => {
  it('zooms to the accuracies with a tenth of their spread to spare, on whole ticks', () => {
    expect(accuracyDomain([0.1044, 0.9467])).toEqual([0, 1]);
    expect(accuracyDomain([0.9, 0.9472])).toEqual([0.88, 0.96]);
  });
  it('spares at least a percentage point around flat data, and stays within [0, 1]', () => {
    expect(accuracyDomain([0.5, 0.5])).toEqual([0.49, 0.51]);
    expect(accuracyDomain([1, 1])).toEqual([0.99, 1]);
    expect(accuracyDomain([0, 0.001])).toEqual([0, 0.015]);
  });
});

describe('nn-train --plot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-train-plot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws the run it reports: one point per evaluation, at the printed accuracies', () => {
    const plot = join(dir, 'training.svg');
    const run = runTrain([...SMALL, '--seed', '3', '--iters', '45', '--json', '--plot', plot]);
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as {
      epochs: { iter: number; trainAcc: number; testAcc: number; testLoss?: number }[];
      final: { trainAcc: number; testAcc: number };
    };
    const svg = parseXml(readFileSync(plot, 'utf8'));
    const panel = readPanel(
      findAll(
        svg,
        (e) => e.name === 'g' && /translate\(400 /.test(e.attributes.transform ?? ''),
      )[0],
    );
    // 1000 samples in batches of 100: rows after iterations 0, 10, 20, 30, 40, then the final 44
    const expected = [...document.epochs.map((e) => e.testAcc), document.final.testAcc];
    expect(document.epochs).toHaveLength(5);
    const circles = findAll(panel.group, (e) => e.attributes.class === 'test-acc-point');
    expect(circles).toHaveLength(expected.length);
    circles.forEach((c, i) => expect(panel.y(Number(c.attributes.cy))).toBeCloseTo(expected[i], 3));
    // The losses over the full sets, at the iterations of the rows that carry them.
    const lossPanel = readPanel(
      findAll(svg, (e) => e.name === 'g' && /translate\(0 /.test(e.attributes.transform ?? ''))[0],
    );
    const measured = document.epochs.filter((e) => e.testLoss !== undefined);
    const lossPoints = findAll(lossPanel.group, (e) => e.attributes.class === 'test-loss-point');
    expect(lossPoints).toHaveLength(measured.length);
    lossPoints.forEach((c, i) => {
      expect(lossPanel.x(Number(c.attributes.cx))).toBeCloseTo(measured[i].iter, 1);
      expect(lossPanel.y(Number(c.attributes.cy))).toBeCloseTo(measured[i].testLoss ?? NaN, 2);
    });
  });

  it('refuses a plot path in a missing directory before training, writing nothing', () => {
    const empty = mkdtempSync(join(dir, 'refused-'));
    const run = runTrain([...SMALL, '--iters', '5', '--plot', join(empty, 'missing', 'plot.svg')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--plot .*: directory .*missing does not exist/);
    expect(run.stdout).toBe('');
    expect(readdirSync(empty)).toEqual([]);
  });
});
