import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatBytes, PaceError, PaceGuard, type PaceLimits } from '../../src/data/pace.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Feeds a guard `bytes` every `everyMs` for `forMs`, then ends it; resolves with its error, or
 * undefined when it let everything through, and the byte counts it reported.
 */
async function feed(
  limits: PaceLimits,
  bytes: number,
  everyMs: number,
  forMs: number,
): Promise<{ error?: Error; counts: number[] }> {
  const counts: number[] = [];
  const guard = new PaceGuard(limits, (received) => counts.push(received));
  let error: Error | undefined;
  guard.on('error', (e) => (error = e));
  guard.resume();
  for (let t = 0; t < forMs && error === undefined; t += everyMs) {
    await vi.advanceTimersByTimeAsync(everyMs);
    if (!guard.destroyed) guard.write(Buffer.alloc(bytes));
  }
  if (error === undefined) guard.end();
  await vi.advanceTimersByTimeAsync(0);
  return { error, counts };
}

const LIMITS = { silenceMs: 1000, minBytesPerSecond: 10_000 };

describe('the pace a download must keep', () => {
  it('lets a fast body through and counts its bytes', async () => {
    const { error, counts } = await feed(LIMITS, 20_000, 100, 3000);
    expect(error).toBeUndefined();
    expect(counts.at(-1)).toBe(600_000);
  });

  it('ends a trickle of 200 bytes every 100 ms once a one-second window closes too slow', async () => {
    const { error, counts } = await feed(LIMITS, 200, 100, 60_000);
    expect(error).toBeInstanceOf(PaceError);
    expect(error?.message).toBe(
      'too slow: 2.0 kB in 1.0 s (2.0 kB/s), under the minimum 10.0 kB/s',
    );
    expect(counts.at(-1)).toBe(1800);
  });

  it('accepts any pace with a minimum of 0, as long as data keeps coming', async () => {
    const { error } = await feed({ ...LIMITS, minBytesPerSecond: 0 }, 1, 900, 10_000);
    expect(error).toBeUndefined();
  });

  it('never judges the rate of a body that ends within the first window', async () => {
    const { error } = await feed(LIMITS, 10, 100, 900);
    expect(error).toBeUndefined();
  });

  it('calls a body silent for the whole timeout stalled, not slow', async () => {
    const { error } = await feed(LIMITS, 500, 1000, 3000);
    expect(error?.message).toBe('stalled: no data for 1000 ms');
  });
});

describe('bytes for people', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [29_778, '29.8 kB'],
    [9_912_422, '9.9 MB'],
  ])('%i bytes are %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
