import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { trainConfigFrom } from '../../src/train/config.js';
import {
  bucketMeans,
  columnOf,
  pointChart,
  rowOf,
  sparkline,
  trainingPicture,
} from '../../src/report/terminal-chart.js';

describe('bucketMeans', () => {
  it('averages into equal buckets and keeps short series as they are', () => {
    expect(bucketMeans([1, 3, 5, 7, 9, 11], 3)).toEqual([2, 6, 10]);
    expect(bucketMeans([4, 5], 10)).toEqual([4, 5]);
  });

  it('covers every value exactly once when the sizes do not divide', () => {
    const values = Array.from({ length: 10 }, (_, i) => i + 1);
    const means = bucketMeans(values, 3); // buckets [0,3), [3,6), [6,10)
    expect(means).toEqual([2, 5, 8.5]);
  });

  it('divides a longer span when given one, NaN past the last value', () => {
    // span 12 in 4 buckets: [0,3) [3,6) [6,9) [9,12); the values end at index 7.
    expect(bucketMeans([1, 2, 3, 4, 5, 6, 7, 8], 4, 12)).toEqual([2, 5, 7.5, NaN]);
    expect(bucketMeans([4, 5], 10, 3)).toEqual([4, 5, NaN]);
  });
});

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([2.3, 0.1], 40)).toBe('█▁');
  });

  it('draws a flat series as a flat line and an empty one as nothing', () => {
    expect(sparkline([1, 1, 1], 10)).toBe('▄▄▄');
    expect(sparkline([], 10)).toBe('');
  });

  it('is never wider than asked', () => {
    const losses = Array.from({ length: 10_000 }, (_, i) => 2.3 * Math.exp(-i / 2000));
    const line = sparkline(losses, 50);
    expect([...line]).toHaveLength(50);
    expect(line.startsWith('█')).toBe(true);
    expect(line.endsWith('▁')).toBe(true);
  });
});

describe('rowOf and columnOf', () => {
  it('put the highest value on the top row and spread x over the width', () => {
    expect(rowOf(1, 0, 1, 8)).toBe(0);
    expect(rowOf(0, 0, 1, 8)).toBe(7);
    expect(rowOf(5, 5, 5, 8)).toBe(7);
    expect(columnOf(0, 17, 33)).toBe(0);
    expect(columnOf(16, 17, 33)).toBe(32);
    expect(columnOf(8, 17, 33)).toBe(16);
  });
});

describe('pointChart', () => {
  const percent = (v: number) => `${(v * 100).toFixed(0)}%`;

  it('draws each series with its marker, labels the y range and the x ends', () => {
    const lines = pointChart(
      [
        { values: [0.5, 0.75, 1], marker: '●' },
        { values: [0.5, 0.6, 0.9], marker: '○' },
      ],
      { height: 5, width: 5, formatY: percent, xLabels: ['1', '3'] },
    );
    expect(lines).toEqual([
      '100% ┤    ●',
      '     │    ○',
      ' 75% ┤  ●',
      '     │  ○',
      ' 50% ┤◆',
      '     └─────',
      '      1   3',
    ]);
  });

  it('has one marker per value when nothing overlaps', () => {
    const values = [0.1, 0.2, 0.3, 0.4];
    const lines = pointChart([{ values, marker: 'x' }], {
      height: 4,
      width: 7,
      formatY: String,
    });
    const markers = lines
      .join('')
      .split('')
      .filter((c) => c === 'x');
    expect(markers).toHaveLength(values.length);
  });

  it('paints markers and skips NaN', () => {
    const lines = pointChart([{ values: [1, NaN, 2], marker: 'x', paint: (t) => `<${t}>` }], {
      height: 2,
      width: 3,
      formatY: String,
    });
    expect(lines.slice(0, 2)).toEqual(['2 ┤  <x>', '1 ┤<x>']);
  });

  it('draws nothing for series without finite values', () => {
    expect(
      pointChart([{ values: [NaN], marker: 'x' }], {
        height: 3,
        width: 3,
        formatY: String,
      }),
    ).toEqual([]);
  });
});

describe('trainingPicture', () => {
  const plain = new Chalk({ level: 0 });
  const config = trainConfigFrom(
    { iters: 1000, trainSize: 1000, testSize: 500, evalEvery: 100 },
    { train: { count: 60000 }, test: { count: 10000 } },
  );
  const losses = Float64Array.from({ length: 1000 }, (_, i) => 2.3 * Math.exp(-i / 300) + 0.1);
  const epochs = Array.from({ length: 10 }, (_, e) => ({
    epoch: e,
    iter: e * 100,
    loss: 0,
    trainAcc: 0.1 + 0.08 * e,
    testAcc: 0.1 + 0.07 * e,
    elapsedMs: 0,
  }));
  const curves = {
    config,
    seed: 0,
    epochs,
    losses,
    final: { trainAcc: 0.9, testAcc: 0.8 },
    iterationsDone: 1000,
  };

  it('shows the loss sparkline between its first and last bucket means', () => {
    const [loss] = trainingPicture(curves, { columns: 80, chalk: plain });
    const means = bucketMeans(losses, 56);
    expect(loss).toBe(
      `loss      ${means[0].toFixed(2)} ${sparkline(means, 56)} ${means[55].toFixed(2)}`,
    );
  });

  it('draws one marker per series per evaluation, final one included', () => {
    const lines = trainingPicture(curves, { columns: 80, chalk: plain });
    expect(lines[1]).toBe('accuracy  ● train 90.0%  ○ test 80.0%  ◆ both');
    const chart = lines.slice(2).join('\n');
    const count = (c: string) => chart.split(c).length - 1;
    // 11 evaluations (10 rows and the final one after iteration 999), two series
    expect(count('●') + count('○') + 2 * count('◆')).toBe(22);
    expect(lines.at(-1)).toMatch(/epoch 0\s+9\.99$/);
  });

  it('spans the accuracies measured, lowest to highest', () => {
    const lines = trainingPicture(curves, { columns: 80, chalk: plain });
    // train 10% … 90% (the final evaluation), test 10% … 80%
    expect(lines[2]).toMatch(/^ {2}90\.0% ┤/);
    expect(lines[11]).toMatch(/^ {2}10\.0% ┤/);
  });

  it('colours train and test as the epoch rows colour them', () => {
    const colour = new Chalk({ level: 2 });
    const lines = trainingPicture(curves, { columns: 80, chalk: colour });
    expect(lines[1]).toContain(`${colour.cyan('●')} train`);
    expect(lines[1]).toContain(`${colour.green('○')} test`);
    const chart = lines.slice(2).join('\n');
    expect(chart).toContain(colour.cyan('●'));
    expect(chart).toContain(colour.green('○'));
  });

  it('fits a narrow terminal', () => {
    for (const columns of [50, 40]) {
      for (const line of trainingPicture(curves, { columns, chalk: plain })) {
        expect([...line].length).toBeLessThanOrEqual(columns);
      }
    }
  });
});
