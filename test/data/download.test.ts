import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import type { DownloadProgress } from '../../src/data/download.js';
import { loadMnist, type LoadOptions } from '../../src/data/load.js';
import { makeFixtureSet } from './idx-writer.js';
import { startMirror, type MirrorServer } from './mirror-server.js';

const FILES = [
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
];

const fixture = makeFixtureSet(100, 20);
const other = makeFixtureSet(100, 20, 1);
const scratch = mkdtempSync(join(tmpdir(), 'nn-download-'));
let mirror: MirrorServer;

beforeAll(async () => {
  mirror = await startMirror(fixture.gz, other.gz);
});
afterAll(async () => {
  await mirror.close();
  rmSync(scratch, { recursive: true, force: true });
});

function freshDir(): string {
  return mkdtempSync(join(scratch, 'cache-'));
}

function download(dir: string, behaviours: string[], extra: LoadOptions = {}) {
  return loadMnist({
    source: 'download',
    dataDir: dir,
    mirrors: behaviours.map((b) => `${mirror.url}/${b}/`),
    checksums: fixture.checksums,
    // Generous: a loaded machine must not turn a good mirror into a timeout.
    timeoutMs: 10_000,
    ...extra,
  });
}

async function downloadFault(
  dir: string,
  behaviours: string[],
  extra: LoadOptions = {},
): Promise<string> {
  const error: unknown = await download(dir, behaviours, extra).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DataError);
  return (error as Error).message;
}

describe('download from mirrors', () => {
  it('downloads, unpacks, verifies and caches the four files; the next load uses the cache', async () => {
    const dir = freshDir();
    const progress: DownloadProgress[] = [];
    const result = await download(dir, ['ok'], { onProgress: (e) => progress.push(e) });
    expect(result.source).toBe('download');
    expect(result.isVerified).toBe(true);
    expect([...result.downloaded].sort()).toEqual(FILES);
    expect(readdirSync(dir).sort()).toEqual(FILES);
    for (const name of FILES)
      expect(readFileSync(join(dir, name))).toEqual(Buffer.from(fixture.raw[name]));
    expect(Array.from(result.dataset.test.labels)).toEqual(fixture.testLabels);
    expect(result.notes).toEqual([]);

    const events = progress.filter((e) => e.file === 'train-images-idx3-ubyte');
    expect(events[0].phase).toBe('start');
    const last = events.at(-1);
    expect(last?.phase).toBe('done');
    expect(last?.url).toBe(`${mirror.url}/ok/train-images-idx3-ubyte.gz`);
    expect(last?.receivedBytes).toBe(fixture.gz['train-images-idx3-ubyte'].length);
    expect(last?.totalBytes).toBe(fixture.gz['train-images-idx3-ubyte'].length);

    const again = await loadMnist({ dataDir: dir, checksums: fixture.checksums });
    expect(again.source).toBe('cache');
  });

  it.each([
    ['chunked', 'a chunked body without Content-Length'],
    ['http10', 'an HTTP/1.0 body that ends when the connection closes'],
    ['labelled', 'the stored .gz labelled Content-Encoding: gzip'],
    ['recompressed', 'the .gz compressed again on the fly'],
    ['moved', 'a redirect'],
  ])('accepts %s: %s', async (behaviour) => {
    const dir = freshDir();
    const result = await download(dir, [behaviour]);
    expect(result.dataset.train.count).toBe(100);
    expect(readdirSync(dir).sort()).toEqual(FILES);
  });

  it('passes over a mirror that answers 404 and takes the next one', async () => {
    const dir = freshDir();
    const start = mirror.requests.length;
    const result = await download(dir, ['404', 'ok']);
    expect(result.dataset.train.count).toBe(100);
    expect(result.notes[0]).toBe(
      `passed over ${mirror.url}/404/train-images-idx3-ubyte.gz: HTTP 404 Not Found`,
    );
    expect(mirror.requests.slice(start, start + 2)).toEqual([
      '404/train-images-idx3-ubyte.gz',
      'ok/train-images-idx3-ubyte.gz',
    ]);
  });

  // Each case its own directory and mirror path: their waits on the clock overlap.
  it.concurrent.each([
    ['truncated', /the gzip stream ends early \(truncated download\)/],
    ['wrong', /sha256 of the unpacked file [0-9a-f]{12}… is not the expected [0-9a-f]{12}…/],
    ['html', /not a gzip file \(text\/html\)/],
    ['hang', /no response within 300 ms/],
    ['stall', /stalled: no data for 300 ms/],
    ['reset', /connection closed mid-stream after \d+ B of \d+ B$/],
    ['bomb', /unpacks to more than 67108864 bytes/],
  ])(
    'a %s mirror fails cleanly: named in the error, nothing left on disk',
    async (behaviour, why) => {
      const dir = freshDir();
      // Only the silent mirrors need the short timeout; the rest answer at once.
      const timeoutMs = behaviour === 'hang' || behaviour === 'stall' ? 300 : 10_000;
      const message = await downloadFault(dir, [behaviour], { timeoutMs });
      expect(message).toMatch(
        new RegExp(
          `^download: could not download train-images-idx3-ubyte from any mirror: ${mirror.url}/${behaviour}/train-images-idx3-ubyte.gz: `,
        ),
      );
      expect(message).toMatch(why);
      expect(message).not.toContain('\n');
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('lists every mirror and what went wrong when all fail', async () => {
    const message = await downloadFault(freshDir(), ['404', 'html', 'wrong']);
    const parts = message.split(': ').slice(2).join(': ').split('; ');
    expect(parts).toEqual([
      `${mirror.url}/404/train-images-idx3-ubyte.gz: HTTP 404 Not Found`,
      `${mirror.url}/html/train-images-idx3-ubyte.gz: not a gzip file (text/html)`,
      expect.stringMatching(new RegExp(`^${mirror.url}/wrong/train-images-idx3-ubyte.gz: sha256 `)),
    ]);
  });

  it.concurrent.each(['hang', 'stall', '500'])(
    'tries a %s mirror once, not once per file',
    async (behaviour) => {
      const dir = freshDir();
      const start = mirror.requests.length;
      // Long enough for the good mirror after it on a busy machine; each silent one costs this.
      const result = await download(dir, [behaviour, 'ok'], { timeoutMs: 500 });
      expect(result.dataset.train.count).toBe(100);
      const silent = mirror.requests.slice(start).filter((r) => r.startsWith(`${behaviour}/`));
      expect(silent).toEqual([`${behaviour}/train-images-idx3-ubyte.gz`]);
    },
  );

  it('keeps a good cached file untouched through failed downloads, and uses it', async () => {
    const dir = freshDir();
    const kept = join(dir, 'train-labels-idx1-ubyte');
    writeFileSync(kept, fixture.raw['train-labels-idx1-ubyte']);
    const before = statSync(kept).mtimeMs;
    for (const behaviour of ['truncated', 'reset', 'wrong']) {
      await downloadFault(dir, [behaviour]);
      expect(readdirSync(dir)).toEqual(['train-labels-idx1-ubyte']);
    }
    expect(statSync(kept).mtimeMs).toBe(before);

    const start = mirror.requests.length;
    const result = await download(dir, ['ok']);
    expect(result.downloaded).not.toContain('train-labels-idx1-ubyte');
    expect(mirror.requests.slice(start)).not.toContain('ok/train-labels-idx1-ubyte.gz');
    expect(mirror.requests.slice(start)).toHaveLength(3);
    expect(statSync(kept).mtimeMs).toBe(before);
  });

  it('replaces a corrupt cached file with a verified download', async () => {
    const dir = freshDir();
    const bad = fixture.raw['t10k-labels-idx1-ubyte'].slice();
    bad[12] = 3;
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), bad);
    const result = await download(dir, ['ok']);
    expect(Array.from(result.dataset.test.labels)).toEqual(fixture.testLabels);
  });

  it('refuses a --data-dir whose parent does not exist, writing nothing', async () => {
    const dir = join(scratch, 'no-such-parent', 'cache');
    const message = await downloadFault(dir, ['ok']);
    expect(message).toBe(
      `download: cannot create cache directory ${dir}: its parent does not exist`,
    );
    expect(() => statSync(join(scratch, 'no-such-parent'))).toThrow();
  });

  it('refuses a --data-dir that is a file', async () => {
    const file = join(scratch, 'plain-file');
    writeFileSync(file, 'x');
    const message = await downloadFault(file, ['ok']);
    expect(message).toBe(
      `download: cache directory unusable: ${file} is not a directory; choose another directory with --data-dir DIR or MNIST_DIR`,
    );
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('creates the cache directory itself when only it is missing', async () => {
    const parent = freshDir();
    const dir = join(parent, 'mnist');
    await download(dir, ['ok']);
    expect(readdirSync(dir).sort()).toEqual(FILES);
  });

  it('goes through $HTTP_PROXY, and around it for hosts in $NO_PROXY', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    try {
      process.env.HTTP_PROXY = mirror.url;
      delete process.env.NO_PROXY;
      const start = mirror.requests.length;
      const viaProxy = await download(freshDir(), [], {
        mirrors: ['http://mnist.invalid/ok/'],
      });
      expect(viaProxy.dataset.train.count).toBe(100);
      const proxied = mirror.requests.slice(start).filter((r) => r.includes('mnist.invalid'));
      expect(proxied).toContain('proxy:http://mnist.invalid/ok/train-images-idx3-ubyte.gz');

      process.env.HTTP_PROXY = 'http://127.0.0.1:9';
      process.env.NO_PROXY = '127.0.0.1';
      const direct = await download(freshDir(), ['ok']);
      expect(direct.dataset.train.count).toBe(100);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('a failed first download', () => {
  it('removes the cache directory it created', async () => {
    const dir = join(freshDir(), 'mnist');
    await downloadFault(dir, ['404']);
    expect(existsSync(dir)).toBe(false);
  });

  it('removes it with the files it did fetch before a later file failed', async () => {
    const dir = join(freshDir(), 'mnist');
    const fetched: string[] = [];
    const checksums = { ...fixture.checksums, 't10k-labels-idx1-ubyte': '0'.repeat(64) };
    await downloadFault(dir, ['ok'], {
      checksums,
      onProgress: (event) => event.phase === 'done' && fetched.push(event.file),
    });
    expect(fetched).toHaveLength(3);
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps a directory it created once something else has appeared in it', async () => {
    const dir = join(freshDir(), 'mnist');
    await downloadFault(dir, ['wrong'], {
      onProgress: (event) => event.phase === 'start' && writeFileSync(join(dir, 'notes.txt'), 'x'),
    });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('keeps a directory that was there before, empty as it was', async () => {
    const dir = freshDir();
    await downloadFault(dir, ['404']);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('download interrupted', () => {
  it('an aborted signal stops a stalled download at once and leaves no temporary file', async () => {
    const dir = freshDir();
    const controller = new AbortController();
    const pending = download(dir, ['stall', 'ok'], {
      timeoutMs: 30_000,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'start') controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['start', 'data'])(
    'rejects with the reason given, after the temporary file and a created directory are gone (abort at %s)',
    async (phase) => {
      const dir = join(freshDir(), 'mnist');
      const controller = new AbortController();
      const reason = new Error('terminated');
      let temporaries: string[] = [];
      const pending = download(dir, ['trickle'], {
        minBytesPerSecond: 0,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase !== phase) return;
          temporaries = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
          controller.abort(reason);
        },
      });
      // Checked the moment the promise rejects: nothing may be left to clean up after it.
      const seen = await pending.then(
        () => 'resolved',
        (error: unknown) => (error === reason && !existsSync(dir) ? 'clean' : 'left over'),
      );
      expect(temporaries).toHaveLength(1);
      expect(seen).toBe('clean');
    },
  );

  it('an already aborted signal downloads nothing and creates nothing', async () => {
    const dir = join(freshDir(), 'mnist');
    const start = mirror.requests.length;
    const pending = download(dir, ['ok'], { signal: AbortSignal.abort(new Error('gone')) });
    await expect(pending).rejects.toThrow('gone');
    expect(existsSync(dir)).toBe(false);
    expect(mirror.requests.length).toBe(start);
  });

  it("removes temporary files of dead processes before downloading, keeping a live one's", async () => {
    const dir = freshDir();
    const orphan = '.train-images-idx3-ubyte.999999999.0badf00d.tmp';
    const live = `.t10k-images-idx3-ubyte.${process.pid}.0badf00d.tmp`;
    writeFileSync(join(dir, orphan), 'half');
    writeFileSync(join(dir, live), 'half');
    await download(dir, ['ok']);
    expect(readdirSync(dir).sort()).toEqual([live, ...FILES].sort());
  });
});

describe('download in auto mode', () => {
  it('is the last resort, after the cache and the bundle', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'sub'));
    const start = mirror.requests.length;
    const result = await loadMnist({
      dataDir: dir,
      mirrors: [`${mirror.url}/ok/`],
      checksums: fixture.checksums,
    });
    expect(result.source).toBe('bundled');
    expect(mirror.requests.length).toBe(start);
  });
});
