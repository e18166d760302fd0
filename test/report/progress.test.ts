import { describe, expect, it } from 'vitest';
import { formatEta } from '../../src/report/duration.js';
import { progressLine, RateMeter, RATE_TIME_CONSTANT_MS } from '../../src/report/progress.js';
import { displayWidth } from '../../src/report/text-width.js';

describe('RateMeter', () => {
  it('knows nothing from one reading: the first only starts the clock', () => {
    const meter = new RateMeter();
    meter.add(1, 900); // the first iteration, after 900 ms of setup
    expect(meter.perSecond()).toBeUndefined();
    expect(meter.remainingMs(100)).toBeUndefined();
  });

  it('measures a steady rate exactly, however often it is read', () => {
    const meter = new RateMeter();
    meter.add(1, 900);
    // 500 iterations per second, read every 100 ms, then every 250 ms
    for (let ms = 1000; ms <= 3000; ms += 100) meter.add(1 + (ms - 900) / 2, ms);
    for (let ms = 3250; ms <= 5000; ms += 250) meter.add(1 + (ms - 900) / 2, ms);
    expect(meter.perSecond()).toBeCloseTo(500, 9);
    // 2051 done at 5000 ms: 7949 left of 10000 take 15.898 s
    expect(meter.remainingMs(10_000)).toBeCloseTo(15_898, 6);
  });

  it('spreads a pause over the next seconds instead of jumping to it', () => {
    const meter = new RateMeter();
    let done = 0;
    let ms = 0;
    meter.add(done, ms);
    const step = (iterations: number, interval: number) => {
      done += iterations;
      ms += interval;
      meter.add(done, ms);
    };
    for (let i = 0; i < 50; i++) step(100, 100); // 1000 it/s for 5 s
    step(0, 400); // a 400 ms evaluation pass, during which the rate is 0
    const afterPause = meter.perSecond() ?? NaN;
    expect(afterPause).toBeLessThan(1000);
    expect(afterPause).toBeGreaterThan(800);
    // and it is forgotten: two time constants later, most of the dip is gone
    for (let i = 0; i < (2 * RATE_TIME_CONSTANT_MS) / 100; i++) step(100, 100);
    expect(1000 - (meter.perSecond() ?? NaN)).toBeLessThan((1000 - afterPause) * Math.exp(-1));
  });

  it('forgets with the stated time constant', () => {
    const meter = new RateMeter(RATE_TIME_CONSTANT_MS);
    meter.add(0, 0);
    meter.add(100, 1000); // 100 it/s for a second
    meter.add(100 + 200 * 3, 4000); // then 200 it/s for three
    const keep = Math.exp(-3000 / RATE_TIME_CONSTANT_MS);
    const expected = ((100 * keep + 600) / (1000 * keep + 3000)) * 1000;
    expect(meter.perSecond()).toBeCloseTo(expected, 9);
  });
});

describe('formatEta', () => {
  it('rounds up to whole seconds, so it never reads 0 s while work remains', () => {
    expect(formatEta(1)).toBe('1 s');
    expect(formatEta(999)).toBe('1 s');
    expect(formatEta(1001)).toBe('2 s');
    expect(formatEta(59_500)).toBe('1 min');
    expect(formatEta(125_000)).toBe('2 min 5 s');
    expect(formatEta(0)).toBe('0 s');
  });
});

describe('progressLine', () => {
  const state = {
    done: 600,
    total: 1801,
    loss: 0.52538,
    perSecond: 524.3,
    remainingMs: 2290,
  };

  it('shows count, bar, percentage, loss, rate and time left within 80 columns', () => {
    const line = progressLine(state, 80);
    expect(line).toMatch(
      /^iter {2}600\/1801 {2}█+░+ {3}33% {2}loss 0\.5254 {2} 524 it\/s {2}ETA 3 s$/,
    );
    expect(displayWidth(line)).toBeLessThanOrEqual(79);
  });

  it('keeps the bar the same width whatever the time left says', () => {
    const bar = (text: string) => /[█░]+/.exec(text)?.[0].length;
    const widths = [100, 9_000, 125_000, 3_000_000].map((ms) =>
      bar(progressLine({ ...state, remainingMs: ms }, 80)),
    );
    expect(new Set(widths).size).toBe(1);
  });

  it('grows the bar up to 40 columns on a wider terminal', () => {
    const line = progressLine(state, 160);
    expect(/[█░]+/.exec(line)?.[0]).toHaveLength(40);
  });

  it('gives up the rate, then the loss, then the bar on narrow terminals, but keeps the time left', () => {
    const at = (columns: number) => progressLine(state, columns);
    expect(at(64)).not.toContain('it/s');
    expect(at(64)).toContain('loss');
    expect(at(50)).not.toContain('loss');
    expect(at(30)).not.toMatch(/[█░]/);
    for (const columns of [80, 64, 50, 40, 30]) {
      expect(at(columns)).toContain('ETA 3 s');
      expect(displayWidth(at(columns))).toBeLessThanOrEqual(columns - 1);
    }
  });

  it('never passes the last column, for any count and any time left', () => {
    for (const total of [1, 45, 1801, 10_000, 1_000_000]) {
      for (const columns of [20, 40, 80, 120]) {
        for (const remainingMs of [undefined, 1, 59_000, 7_200_000, 20 * 86_400_000]) {
          const line = progressLine(
            { done: Math.floor(total / 3), total, loss: 12.345678, perSecond: 0.52, remainingMs },
            columns,
          );
          expect(displayWidth(line), line).toBeLessThanOrEqual(columns - 1);
        }
      }
    }
  });

  it('says nothing of time left before it is measured, and once every iteration is done', () => {
    expect(progressLine({ done: 0, total: 1801 }, 80)).toMatch(/loss +- +- it\/s {2}ETA -$/);
    expect(progressLine({ ...state, done: 1801, remainingMs: 0 }, 80)).not.toContain('ETA');
  });
});
