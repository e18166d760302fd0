import { describe, expect, it } from 'vitest';
import { compareTable, plainCompareTable } from '../../src/report/compare-table.js';
import { displayWidth } from '../../src/report/text-width.js';
import {
  batchNormResult,
  hyperparamsResult,
  optimizersResult,
  varyResult,
  weightDecayResult,
} from './compare-runs.js';

const linesOf = (table: string) => table.replace(/\n$/, '').split('\n');
const cellsOf = (line: string) => line.trim().split(/ {2,}/);

describe('compareTable', () => {
  it('has a header and a row per run, in the experiment order, with the final numbers', () => {
    const result = optimizersResult();
    const lines = linesOf(compareTable(result));
    expect(cellsOf(lines[0])).toEqual(['run', 'train', 'test', 'best test', 'loss', 'time']);
    expect(lines).toHaveLength(5);
    result.runs.forEach((run, r) => {
      const cells = cellsOf(lines[r + 1]);
      expect(cells[0]).toBe(run.name);
      expect(Number(cells[1])).toBeCloseTo(run.final?.trainAcc ?? NaN, 4);
      expect(Number(cells[2])).toBeCloseTo(run.final?.testAcc ?? NaN, 4);
      // best after iteration 200, the last evaluation of the rising curves
      expect(cells[3]).toBe(`${run.best?.testAcc.toFixed(4)} it 200`);
      expect(Number(cells[4])).toBeCloseTo(run.losses[299], 4);
      expect(cells[5]).toBe('1.2 s');
    });
  });

  it('says when the best came by epoch in epoch experiments', () => {
    const lines = linesOf(compareTable(weightDecayResult()));
    expect(cellsOf(lines[1])[3]).toMatch(/^0\.\d{4} ep 200$/);
  });

  it('marks a diverged run, with no final accuracy', () => {
    const lines = linesOf(compareTable(varyResult()));
    expect(cellsOf(lines[0]).at(-1)).toBe('status');
    const diverged = cellsOf(lines[3]);
    expect(diverged[0]).toBe('lr=10');
    expect(diverged.slice(1, 3)).toEqual(['-', '-']);
    expect(diverged).toContain('NaN');
    expect(diverged.at(-1)).toBe('diverged');
    expect(cellsOf(lines[1]).at(-1)).not.toBe('diverged');
  });

  it('marks stopped runs', () => {
    const result = optimizersResult();
    result.runs[1] = { ...result.runs[1], status: 'interrupted' };
    const lines = linesOf(compareTable(result));
    expect(cellsOf(lines[2]).at(-1)).toBe('stopped');
  });

  it('calls the hyperparameter search accuracy "val"', () => {
    const [header] = linesOf(compareTable(hyperparamsResult(), 200));
    expect(cellsOf(header)).toEqual(['run', 'train', 'val', 'best val', 'loss', 'time']);
  });

  it('fits 80 columns with 32 batch-norm runs of long names, each row still its own', () => {
    const long: [string, string] = [
      'Batch Normalization with a very long description of its settings',
      'Normal (without BatchNorm) with a very long description of its settings',
    ];
    const lines = linesOf(compareTable(batchNormResult(long)));
    expect(lines).toHaveLength(33);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(new Set(lines.slice(1).map((line) => line.slice(0, 40))).size).toBe(32);
    expect(lines[1]).toContain('…');
    expect(cellsOf(lines[0])).toEqual(['run', 'train', 'test', 'best test', 'loss', 'time']);
  });

  it('leaves out the time, then the best, then the loss when even short names cannot fit', () => {
    const narrow = (width: number) => cellsOf(linesOf(compareTable(optimizersResult(), width))[0]);
    expect(narrow(80)).toHaveLength(6);
    expect(narrow(48)).toEqual(['run', 'train', 'test', 'best test', 'loss']);
    expect(narrow(36)).toEqual(['run', 'train', 'test', 'loss']);
    expect(narrow(28)).toEqual(['run', 'train', 'test']);
  });

  it('keeps every name whole when the terminal is wide', () => {
    const result = hyperparamsResult();
    const lines = linesOf(compareTable(result, 200));
    result.runs.forEach((run, r) => expect(lines[r + 1]).toContain(run.name));
  });
});

describe('plainCompareTable', () => {
  it('keeps every name and column whole, and says where a run diverged', () => {
    const long = batchNormResult([`Batch Normalization ${'x'.repeat(80)}`, 'Normal']);
    const lines = linesOf(plainCompareTable(long));
    long.runs.forEach((run, r) => expect(lines[r + 1]).toContain(run.name));
    expect(cellsOf(lines[0])).toHaveLength(6);
    const vary = linesOf(plainCompareTable(varyResult()));
    expect(cellsOf(vary[3]).at(-1)).toBe('diverged at 40');
  });
});
