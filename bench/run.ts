// npm run bench: a training run timed as a user waits for it, as a whole process from spawn to
// exit, with its peak resident memory. With --vs-numpy the book's own code under numpy runs right
// after each of our runs, on the same machine and data, and the table gives the ratio of the
// medians. Three workloads:
// - default: chapter 4's run (10000 iterations, batch 100, hidden 50, sigmoid, lr 0.1, full train
//   and test accuracy at 17 points) by nn-train, against bench/reference/train_neuralnet.py;
// - weight-decay: chapter 6's overfit_weight_decay.py (300 training samples, six hidden layers of
//   100, weight decay 0.1, SGD lr 0.01, accuracy on the 300 and on all 10000 test images at 201
//   points, so 601 iterations: the script breaks its loop at the 201st evaluation) by nn-train,
//   against the book's script itself (bench/reference/ch6_script.py, which needs the book's code:
//   --book DIR or $DLFS_BOOK);
// - optimizers: nn-compare optimizers --seed 0, against optimizer_compare_mnist.py the same way.
//
//   npm run bench -- --runs 3 --vs-numpy          [--precision f64,f32] [--json] [-- nn-train args]
//   npm run bench -- --workload weight-decay --runs 3 --vs-numpy --book DIR
//   npm run bench -- --workload optimizers --runs 1 --vs-numpy --book DIR
//     (nn-compare optimizers --seed 0, in float64 and float32, against
//     ch06/optimizer_compare_mnist.py itself)

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NN_TRAIN = join(ROOT, 'bin', 'nn-train.js');
const NN_COMPARE = join(ROOT, 'bin', 'nn-compare.js');
const NUMPY_SCRIPT = join(ROOT, 'bench', 'reference', 'train_neuralnet.py');
const CH6_SCRIPT = join(ROOT, 'bench', 'reference', 'ch6_script.py');
const TIME = '/usr/bin/time';

/** What a workload runs: our command's arguments (after node) and the numpy reference. */
interface Workload {
  title: string;
  /** What runs on our side. */
  label: string;
  ours: (precision: string, extra: string[]) => string[];
  numpy: (book: string | undefined) => string[];
  /** Whether the numpy side needs the book's checkout. */
  needsBook: boolean;
}

const WORKLOADS: Record<string, Workload> = {
  default: {
    title: 'Default run (10000 iterations, batch 100, hidden 50, sigmoid, lr 0.1, 17 evaluations)',
    label: 'nn-train',
    ours: (precision, extra) => [
      NN_TRAIN,
      ...['--seed', '0', '--json', '--precision', precision],
      ...extra,
    ],
    numpy: () => [NUMPY_SCRIPT, '--seed', '0', '--json'],
    needsBook: false,
  },
  'weight-decay': {
    title:
      "overfit_weight_decay.py's run (300 samples, 6 x 100 relu, weight decay 0.1, SGD lr 0.01, " +
      '601 iterations, 201 evaluations on 300 + 10000 images)',
    label: 'nn-train',
    ours: (precision, extra) => [
      NN_TRAIN,
      ...['--hidden', '100,100,100,100,100,100', '--weight-decay', '0.1', '--lr', '0.01'],
      ...['--train-size', '300', '--iters', '601'],
      ...['--seed', '0', '--json', '--precision', precision],
      ...extra,
    ],
    numpy: (book) => [
      CH6_SCRIPT,
      ...['overfit_weight_decay', '--seed', '0', '--time'],
      ...(book === undefined ? [] : ['--book', book]),
    ],
    needsBook: true,
  },
  optimizers: {
    title:
      "optimizer_compare_mnist.py's experiment (SGD, Momentum, AdaGrad, Adam on 784-100x4-10, " +
      'batch 128, 2000 iterations on shared batches, the loss after each update)',
    label: 'nn-compare',
    ours: (precision, extra) => [
      NN_COMPARE,
      ...['optimizers', '--seed', '0', '--json', '--precision', precision],
      ...extra,
    ],
    numpy: (book) => [
      CH6_SCRIPT,
      ...['optimizer_compare_mnist', '--seed', '0', '--time'],
      ...(book === undefined ? [] : ['--book', book]),
    ],
    needsBook: true,
  },
};

/** What a run's own JSON says about where its time went (both tools report these). */
interface Timings {
  loadMs?: number;
  trainMs?: number;
  evaluationMs?: number;
  evaluations?: number;
  msPerIteration?: number;
}

interface Measurement {
  wallMs: number;
  peakRssMb?: number;
  timings: Timings;
  testAcc?: number;
}

/** What a run prints: nn-train's JSON document, or ch6_script.py --time's line. */
interface RunDocument {
  timings?: Timings;
  epochs?: { testAcc: number }[];
  loadMs?: number;
  final?: { testAcc?: number };
}

interface Row {
  label: string;
  runs: Measurement[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const hasGnuTime = spawnSync(TIME, ['-f', '%M', 'true']).status === 0;

/** Runs a command to completion, timing it from spawn to exit; peak RSS from GNU time. */
async function measure(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const rssFile = join(dir, 'rss');
  const [file, fileArgs] = hasGnuTime
    ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]]
    : [command, args];
  const started = performance.now();
  const child = spawn(file, fileArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  try {
    if (code !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(stderr).toString()}`,
      );
    }
    const document = JSON.parse(Buffer.concat(stdout).toString()) as RunDocument;
    const peakKb = hasGnuTime ? Number(readFileSync(rssFile, 'utf8').trim()) : NaN;
    return {
      wallMs,
      peakRssMb: Number.isFinite(peakKb) ? peakKb / 1024 : undefined,
      timings: document.timings ?? { loadMs: document.loadMs },
      testAcc: document.epochs?.at(-1)?.testAcc ?? document.final?.testAcc,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child's environment for numpy: without the two variables that pin OpenBLAS to an older
 *  kernel (Haswell, a 512 kB L2), so numpy runs the kernel it would pick on this CPU. */
function numpyEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** numpy's version and the OpenBLAS kernel and threads it runs with in numpyEnv(). */
function numpyInfo(): string | undefined {
  const probe = [
    'import ctypes, numpy',
    'libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l.lower()})',
    'lib = ctypes.CDLL(libs[0]) if libs else None',
    'def call(names, kind):',
    '    for name in names:',
    '        f = getattr(lib, name, None)',
    '        if f is not None:',
    '            f.restype = kind',
    '            return f()',
    'core = call(["scipy_openblas_get_corename64_", "openblas_get_corename"], ctypes.c_char_p)',
    'threads = call(["scipy_openblas_get_num_threads64_", "openblas_get_num_threads"], ctypes.c_int)',
    'config = call(["scipy_openblas_get_config64_", "openblas_get_config"], ctypes.c_char_p)',
    'version = config.decode().split()[1] if config else "?"',
    'print(f"numpy {numpy.__version__}, OpenBLAS {version} {core.decode() if core else \'?\'} kernel, {threads} threads")',
  ].join('\n');
  const result = spawnSync('python3', ['-c', probe], { env: numpyEnv(), encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The 1-minute load average, and the cores it is shared by: how busy the machine was. */
function loadAverage(): string {
  return `${loadavg()[0].toFixed(2)} on ${cpus().length} cores`;
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  let flags = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const line = info.split('\n').find((l) => l.startsWith('flags')) ?? '';
    const has = (flag: string) => new RegExp(`\\b${flag}\\b`).test(line);
    flags = ['avx2', 'fma', 'avx512f'].filter(has).join(' ');
  } catch {
    flags = '';
  }
  return `${model}, ${cpus().length} cores${flags ? ` (${flags})` : ''}, Node ${process.version}`;
}

const format = (value: number | undefined, digits: number): string =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);

function table(rows: Row[]): string {
  const header = [
    'run',
    'wall s',
    'load ms',
    'train ms/iter',
    'eval ms/pass',
    'peak RSS MB',
    'test acc',
  ];
  const lines = rows.map((row) => {
    const pick = (f: (m: Measurement) => number | undefined) => {
      const values = row.runs.map(f).filter((v): v is number => v !== undefined && !isNaN(v));
      return values.length ? median(values) : undefined;
    };
    const evalPass = pick((m) =>
      m.timings.evaluationMs !== undefined && m.timings.evaluations
        ? m.timings.evaluationMs / m.timings.evaluations
        : undefined,
    );
    return [
      row.label,
      format(
        pick((m) => m.wallMs / 1000),
        2,
      ),
      format(
        pick((m) => m.timings.loadMs),
        0,
      ),
      format(
        pick((m) => m.timings.msPerIteration),
        3,
      ),
      format(evalPass, 1),
      format(
        pick((m) => m.peakRssMb),
        0,
      ),
      format(
        pick((m) => m.testAcc),
        4,
      ),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ');
  return [render(header), ...lines.map(render)].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      precision: { type: 'string', default: 'f64,f32' },
      'vs-numpy': { type: 'boolean', default: false },
      workload: { type: 'string', default: 'default' },
      book: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive integer`);
  const extra = positionals;
  const workload = WORKLOADS[values.workload ?? 'default'];
  if (workload === undefined) {
    throw new Error(`--workload is one of ${Object.keys(WORKLOADS).join(', ')}`);
  }
  const precisions = (values.precision ?? 'f64').split(',');
  const book = values.book ?? process.env.DLFS_BOOK;
  let numpy = values['vs-numpy'] ? numpyInfo() : undefined;
  if (values['vs-numpy'] && numpy === undefined) {
    console.error('bench: python3 with numpy is not available; --vs-numpy skipped');
  }
  if (numpy !== undefined && workload.needsBook && book === undefined) {
    console.error(
      "bench: this workload's numpy side runs the book's own script, which needs the book's " +
        'code: pass --book DIR (a checkout of oreilly-japan/deep-learning-from-scratch) or set ' +
        'DLFS_BOOK; --vs-numpy skipped',
    );
    numpy = undefined;
  }
  const loadBefore = loadAverage();

  const rows: Row[] = precisions.map((p) => ({ label: `${workload.label} ${p}`, runs: [] }));
  const numpyRow: Row = { label: 'numpy (book script)', runs: [] };
  for (let run = 0; run < runs; run++) {
    for (const [i, precision] of precisions.entries()) {
      const args = workload.ours(precision, extra);
      const result = await measure(process.execPath, args, process.env);
      rows[i].runs.push(result);
      if (!values.json) {
        console.error(
          `run ${run + 1}/${runs} ${rows[i].label}: ${format(result.wallMs / 1000, 2)} s`,
        );
      }
    }
    if (numpy !== undefined) {
      const result = await measure('python3', workload.numpy(book), numpyEnv());
      numpyRow.runs.push(result);
      if (!values.json)
        console.error(`run ${run + 1}/${runs} numpy: ${format(result.wallMs / 1000, 2)} s`);
    }
  }
  const loadAfter = loadAverage();
  const all = numpy !== undefined ? [...rows, numpyRow] : rows;
  const wall = (row: Row) => median(row.runs.map((m) => m.wallMs));
  const ratios = numpy !== undefined ? rows.map((row) => wall(numpyRow) / wall(row)) : [];

  if (values.json) {
    const summary = all.map((row) => ({
      label: row.label,
      medianWallMs: wall(row),
      runs: row.runs,
    }));
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          numpy,
          workload: values.workload,
          loadAverage: { before: loadBefore, after: loadAfter },
          command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
          rows: summary,
          ratios: rows.map((row, i) => ({ label: row.label, numpyOverOurs: ratios[i] })),
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(`\n${workload.title}, median of ${runs}`);
  console.log(`machine: ${machine()}${numpy ? `; ${numpy}` : ''}`);
  console.log(`load average (1 min) before: ${loadBefore}, after: ${loadAfter}\n`);
  console.log(table(all));
  rows.forEach((row, i) => {
    if (ratios[i] !== undefined) {
      console.log(`\nnumpy / ${row.label}: ${ratios[i].toFixed(2)}x (whole-process wall time)`);
    }
  });
}

await main();
