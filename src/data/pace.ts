// How long a download may take: a body that goes silent for `silenceMs` is stalled, and one that
// delivers fewer than `minBytesPerSecond` over a window of `silenceMs` is too slow (curl's
// --speed-limit over --speed-time). The first window starts with the body, so a file that
// arrives within one window never meets the rate rule, and a trickle of a few bytes a second,
// which the silence rule never catches, ends after one window instead of taking days.

import { Transform, type TransformCallback } from 'node:stream';

export interface PaceLimits {
  silenceMs: number;
  /** 0 turns the rate rule off. */
  minBytesPerSecond: number;
}

/** The mirror gave up or crawled: likely to do so again for the next file, so it is passed over. */
export class PaceError extends Error {}

/** Bytes for people: "812 B", "29.8 kB", "9.9 MB" (powers of 1000, as download sizes are given). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Passes the body's bytes through, counting them; fails with a PaceError when they stop for
 * `silenceMs`, or when a chunk closes a window of at least `silenceMs` that brought too few bytes
 * (judged as chunks arrive, so "too slow" always means data is flowing, only slowly).
 */
export class PaceGuard extends Transform {
  private receivedBytes = 0;
  private windowStartBytes = 0;
  private windowStartedAt = Date.now();
  private silence: NodeJS.Timeout;

  constructor(
    private readonly limits: PaceLimits,
    private readonly onChunk: (receivedBytes: number) => void,
  ) {
    super();
    this.silence = this.armSilence();
  }

  private armSilence(): NodeJS.Timeout {
    return setTimeout(
      () => this.destroy(new PaceError(`stalled: no data for ${this.limits.silenceMs} ms`)),
      this.limits.silenceMs,
    );
  }

  /** The error for a window that has closed too slow, or undefined. */
  private closeWindow(): PaceError | undefined {
    const { silenceMs, minBytesPerSecond } = this.limits;
    const now = Date.now();
    const elapsedMs = now - this.windowStartedAt;
    if (minBytesPerSecond === 0 || elapsedMs < silenceMs) return undefined;
    const bytes = this.receivedBytes - this.windowStartBytes;
    const rate = (bytes * 1000) / elapsedMs;
    this.windowStartBytes = this.receivedBytes;
    this.windowStartedAt = now;
    if (rate >= minBytesPerSecond) return undefined;
    return new PaceError(
      `too slow: ${formatBytes(bytes)} in ${(elapsedMs / 1000).toFixed(1)} s (${formatBytes(rate)}/s), ` +
        `under the minimum ${formatBytes(minBytesPerSecond)}/s`,
    );
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    clearTimeout(this.silence);
    this.receivedBytes += chunk.length;
    const tooSlow = this.closeWindow();
    if (tooSlow) {
      callback(tooSlow);
      return;
    }
    this.silence = this.armSilence();
    this.onChunk(this.receivedBytes);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    clearTimeout(this.silence);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.silence);
    callback(error);
  }
}
