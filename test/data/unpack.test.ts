import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_UNPACKED_BYTES, unpack, unpackReason } from '../../src/data/unpack.js';
import { idxBytes } from './idx-writer.js';

const raw = idxBytes(
  0x801,
  [300],
  Array.from({ length: 300 }, (_, i) => i % 10),
);
const gz = gzipSync(raw);

let madeBomb: Buffer | undefined;
/**
 * Under 300 kB that unpack to one byte more than the limit, made once for the cases that need it
 * (level 1: compressing 64 MiB of zeros at the default level takes three times as long).
 */
function bomb(): Buffer {
  madeBomb ??= gzipSync(Buffer.alloc(MAX_UNPACKED_BYTES + 1), { level: 1 });
  return madeBomb;
}

/** Runs `body`, cut into `chunkSize` pieces, through unpack; the bytes out, and whether it opened. */
async function unpacked(
  body: Uint8Array,
  chunkSize = 7,
): Promise<{ bytes: Buffer; isRecognised: boolean }> {
  const pieces = [];
  for (let at = 0; at < body.length; at += chunkSize)
    pieces.push(Buffer.from(body.subarray(at, at + chunkSize)));
  const out: Buffer[] = [];
  let isRecognised = false;
  await pipeline(
    Readable.from(pieces),
    unpack('text/html', () => (isRecognised = true)),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) out.push(chunk);
    },
  );
  return { bytes: Buffer.concat(out), isRecognised };
}

async function refusal(body: Uint8Array, chunkSize?: number): Promise<string> {
  const error: unknown = await unpacked(body, chunkSize).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return unpackReason(error) ?? (error as Error).message;
}

describe('unpacking what a mirror sent', () => {
  it('gunzips the stored .gz, even when its magic bytes arrive one at a time', async () => {
    expect(await unpacked(gz, 1)).toEqual({ bytes: Buffer.from(raw), isRecognised: true });
  });

  it('peels a second gzip layer (compressed again on the fly) by its magic bytes', async () => {
    expect((await unpacked(gzipSync(gz))).bytes).toEqual(Buffer.from(raw));
  });

  it('passes a raw IDX file through (a proxy that decoded Content-Encoding: gzip)', async () => {
    expect(await unpacked(raw)).toEqual({ bytes: Buffer.from(raw), isRecognised: true });
  });

  it('peels no more than two layers: a third is left for the checksum to refuse', async () => {
    expect((await unpacked(gzipSync(gzipSync(gz)))).bytes).toEqual(gz);
  });

  it.each([
    ['an HTML page', Buffer.from('<!doctype html><p>moved</p>'), 'not a gzip file (text/html)'],
    ['an empty body', Buffer.alloc(0), 'not a gzip file (empty body)'],
    ['one gzip byte', Buffer.from([0x1f]), 'not a gzip file (text/html)'],
  ])('refuses %s before a byte comes out', async (_what, body, message) => {
    expect(await refusal(body)).toBe(message);
  });

  it('names a gzip stream that ends early', async () => {
    expect(await refusal(gz.subarray(0, gz.length - 10))).toBe(
      'the gzip stream ends early (truncated download)',
    );
  });

  it('names a corrupt gzip stream', async () => {
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 10, 40);
    expect(await refusal(corrupt)).toMatch(/^the gzip stream is corrupt \(.+\)$/);
  });

  it.each([
    ['one layer', (bomb: Buffer) => bomb],
    ['the inner of two layers', (bomb: Buffer) => gzipSync(bomb)],
  ])('stops a gzip bomb in %s past the limit', async (_where, wrap) => {
    expect(await refusal(wrap(bomb()), 1 << 16)).toBe(
      `unpacks to more than ${MAX_UNPACKED_BYTES} bytes`,
    );
  });
});
