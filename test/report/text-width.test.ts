import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  packParts,
  padStartVisible,
  truncateToWidth,
} from '../../src/report/text-width.js';

describe('displayWidth', () => {
  it('counts columns, not bytes: "·" and "█" are one column, three bytes each', () => {
    expect(displayWidth('a · b')).toBe(5);
    expect(Buffer.byteLength('█░')).toBe(6);
    expect(displayWidth('█░')).toBe(2);
  });
  it('gives colour codes no width', () => {
    const colour = new Chalk({ level: 2 });
    expect(displayWidth(colour.green.bold('0.9016'))).toBe(6);
  });
  it('gives CJK and fullwidth characters two columns and combining marks none', () => {
    expect(displayWidth('밑바닥')).toBe(6);
    expect(displayWidth('ｍｎｉｓｔ')).toBe(10);
    expect(displayWidth('e\u0301')).toBe(1);
  });
});

describe('padStartVisible and truncateToWidth', () => {
  it('pad by visible width', () => {
    const colour = new Chalk({ level: 2 });
    expect(displayWidth(padStartVisible(colour.red('36'), 5))).toBe(5);
  });
  it('cut with an ellipsis, within the width', () => {
    expect(truncateToWidth('iter 600/1801  ETA 3 s', 10)).toBe('iter 600/…');
    expect(truncateToWidth('short', 10)).toBe('short');
  });
});

describe('packParts', () => {
  const parts = ['TwoLayerNet 784-50-10 sigmoid', 'SGD lr 0.1', 'batch 100', '10000 iterations'];
  it('puts as many parts on a line as fit, and never splits one', () => {
    expect(packParts(parts, 60, { separator: ' · ' })).toEqual([
      'TwoLayerNet 784-50-10 sigmoid · SGD lr 0.1 · batch 100',
      '10000 iterations',
    ]);
    expect(packParts(parts, 20, { separator: ' · ', indent: '  ' })).toEqual([
      'TwoLayerNet 784-50-10 sigmoid',
      '  SGD lr 0.1',
      '  batch 100',
      '  10000 iterations',
    ]);
  });
  it('keeps everything on one line without a width', () => {
    expect(packParts(parts, undefined, { separator: ' · ' })).toEqual([parts.join(' · ')]);
  });
});
