import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { compareOverlay } from '../../src/report/compare-overlay.js';
import { displayWidth } from '../../src/report/text-width.js';
import {
  batchNormResult,
  hyperparamsResult,
  optimizersResult,
  varyResult,
  weightDecayResult,
} from './compare-runs.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

describe('compareOverlay', () => {
  it('fits 80 columns and names every run with its symbol, coloured or not', () => {
    for (const result of [optimizersResult(2000), varyResult(), weightDecayResult()]) {
      for (const chalk of [plain, coloured]) {
        const lines = compareOverlay(result, 80, 12, chalk);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
        const text = lines.join('\n');
        for (const run of result.runs) expect(text).toContain(run.name);
      }
    }
  });

  it('draws the smoothed losses of a loss experiment, one symbol a run', () => {
    const lines = compareOverlay(optimizersResult(2000), 80, 12, plain);
    expect(lines[0]).toBe('loss (smoothed)');
    expect(lines[1]).toMatch(/^ {2}● SGD 0\.\d{3} {2}■ Momentum/);
    const chart = lines.slice(2).join('\n');
    for (const symbol of ['●', '■', '▲', '◆']) expect(chart).toContain(symbol);
    expect(lines.at(-1)?.trim()).toMatch(/^iter 0 +1999$/);
  });

  it('puts the highest smoothed loss on the top row and the lowest on the bottom', () => {
    const result = optimizersResult(2000);
    const lines = compareOverlay(result, 80, 12, plain);
    const rows = lines.slice(2, 2 + 12);
    // SGD's curve starts highest: its first column is on the top row.
    expect(rows[0]).toMatch(/┤[●+]/);
    expect(rows.at(-1)).toMatch(/┤/);
  });

  it('stops a diverged run where its losses end', () => {
    const lines = compareOverlay(varyResult(), 80, 12, plain);
    const chart = lines.slice(2, 14);
    const columnsWith = (symbol: string) =>
      chart.flatMap((row) => [...row].flatMap((char, c) => (char === symbol ? [c] : [])));
    // 40 of 250 iterations: about the first sixth of the columns.
    expect(Math.max(...columnsWith('▲'))).toBeLessThan(Math.max(...columnsWith('●')) / 4);
  });

  it('shows accuracies for an accuracy experiment, and val for the search', () => {
    expect(compareOverlay(weightDecayResult(), 80, 10, plain)[0]).toBe('test accuracy');
    const search = compareOverlay(hyperparamsResult(), 80, 10, plain);
    expect(search[0]).toBe('val accuracy, best 8 of 100 runs');
    for (const line of search) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('keeps batch-norm within 80 columns, its best 8 of 32 runs', () => {
    const lines = compareOverlay(batchNormResult(), 80, 10, coloured);
    expect(lines[0]).toBe('test accuracy, best 8 of 32 runs');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});
