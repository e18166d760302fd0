// From the bytes a mirror sent to the raw IDX file. A mirror stores `name.gz`; the server may
// send it as stored, label it `Content-Encoding: gzip` (the stored .gz is then itself the
// encoding, one gzip layer), or compress it once more on the fly (two layers). Node's http does
// no transfer decoding, so the layers are peeled here by their magic bytes rather than by the
// header, which servers get wrong both ways: a body opening as gzip is gunzipped, at most twice.
// The body must open as gzip or as an IDX file (a proxy may have decoded it already); anything
// else, such as an HTML error page, is refused before a byte is written. The sha256 the caller
// checks decides whether what comes out is the file.

import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The largest MNIST file unpacks to 47 MB; a body that unpacks past this is no MNIST file. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** The stored .gz, and one layer a server may add on the fly. */
const MAX_GZIP_LAYERS = 2;

type Chunks = AsyncIterable<Buffer>;

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** IDX: two zero bytes, 0x08 for unsigned bytes, then 1-3 dimensions (book 3.6.1's files). */
function isIdx(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 8 && head[3] <= 3;
}

/** The first `count` bytes of `source` (fewer if it ends first), and all of `source` again. */
async function peek(source: Chunks, count: number): Promise<{ head: Buffer; all: Chunks }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  while (length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* all(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head: head.subarray(0, count), all: all() };
}

/** Passes `source` on, failing once more than MAX_UNPACKED_BYTES have passed: a gzip bomb. */
async function* capped(source: Chunks): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > MAX_UNPACKED_BYTES) {
      throw new Error(`unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
    }
    yield chunk;
  }
}

async function* gunzip(source: Chunks): AsyncGenerator<Buffer> {
  const unzip = createGunzip();
  // An error on either side destroys both; iterating `unzip` then throws it.
  pipeline(Readable.from(source), unzip, () => undefined);
  yield* capped(unzip);
}

async function* layers(
  source: Chunks,
  depth: number,
  contentType: string,
  onRecognised: () => void,
): AsyncGenerator<Buffer> {
  const { head, all } = await peek(source, 4);
  if (depth < MAX_GZIP_LAYERS && isGzip(head)) {
    if (depth === 0) onRecognised();
    yield* layers(gunzip(all), depth + 1, contentType, onRecognised);
    return;
  }
  if (depth === 0) {
    if (!isIdx(head)) {
      throw new Error(`not a gzip file (${head.length === 0 ? 'empty body' : contentType})`);
    }
    onRecognised();
  }
  yield* capped(all);
}

/**
 * A pipeline stage from the body's bytes to the raw file's. `contentType` names the body in the
 * refusal of one that is not gzip; `onRecognised` is told once the body opens as gzip or IDX.
 */
export function unpack(
  contentType: string,
  onRecognised: () => void,
): (source: Chunks) => AsyncGenerator<Buffer> {
  return (source) => layers(source, 0, contentType, onRecognised);
}

/** What went wrong in the unpacking, in the words of a download's failure. */
export function unpackReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') return 'the gzip stream ends early (truncated download)';
  if (code === 'Z_DATA_ERROR') return `the gzip stream is corrupt (${(error as Error).message})`;
  return undefined;
}
