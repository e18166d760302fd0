import { describe, expect, it } from 'vitest';
import { BOOK_DESCENT_RUNS, descentRun } from '../../src/demo/descent.js';
import { diffDemo, gradientDemo, partialDemo } from '../../src/demo/derivatives.js';
import { lossDemo } from '../../src/demo/loss.js';
import { simpleNetDemo } from '../../src/demo/simplenet.js';
import {
  descentText,
  diffText,
  gradientText,
  lossText,
  partialText,
  simpleNetText,
  TEXT_WIDTH,
} from '../../src/report/demo-text.js';
import { displayWidth } from '../../src/report/text-width.js';

describe('the worked examples as text', () => {
  const texts: [string, string[]][] = [
    ['loss', lossText(lossDemo())],
    ['diff', diffText(diffDemo())],
    ['partial', partialText(partialDemo())],
    ['gradient', gradientText(gradientDemo())],
    ['descent', descentText(BOOK_DESCENT_RUNS.map(descentRun))],
    [
      'descent far out',
      descentText([descentRun({ lr: 0.99, steps: 3, init: [-123456.789, 1e-7] })]),
    ],
    ['simplenet', simpleNetText(simpleNetDemo())],
    ['simplenet --seed 0', simpleNetText(simpleNetDemo(0))],
  ];

  it('fit an 80-column terminal, every line of every topic', () => {
    expect(TEXT_WIDTH).toBe(80);
    for (const [topic, lines] of texts) {
      for (const line of lines.flatMap((text) => text.split('\n'))) {
        expect(displayWidth(line), `${topic}: ${line}`).toBeLessThanOrEqual(80);
      }
    }
  });

  it('put an outcome that does not fit beside its result on the line below it', () => {
    const lines = descentText(BOOK_DESCENT_RUNS.map(descentRun));
    const at = lines.findIndex((line) => line.startsWith('  lr 10.0:'));
    expect(lines[at]).toBe('  lr 10.0:  [-2.58983747e+13 -1.29524862e+12]');
    expect(lines[at + 1]).toBe('            too large: it diverges, then freezes (see below)');
    expect(lines[at - 1]).toMatch(/^ {2}lr 0\.1: +\[.*\] {3}reaches the minimum at \(0, 0\)$/);
  });
});
