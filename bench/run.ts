// npm run bench: the chapter's default training run (10000 iterations, batch 100, hidden 50,
// sigmoid, lr 0.1, full train and test accuracy at 17 points), timed as a user waits for it:
// `nn-train` as a whole process, from spawn to exit, with its peak resident memory. With
// --vs-numpy the book's numpy script (bench/reference/train_neuralnet.py) runs right after each
// of our runs, on the same machine and data, and the table gives the ratio of the medians.
//
//   npm run bench -- --runs 3 --vs-numpy          [--precision f64,f32] [--json] [-- nn-train args]

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NN_TRAIN = join(ROOT, 'bin', 'nn-train.js');
const NUMPY_SCRIPT = join(ROOT, 'bench', 'reference', 'train_neuralnet.py');
const TIME = '/usr/bin/time';

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
    const document = JSON.parse(Buffer.concat(stdout).toString()) as {
      timings?: Timings;
      epochs?: { testAcc: number }[];
    };
    const peakKb = hasGnuTime ? Number(readFileSync(rssFile, 'utf8').trim()) : NaN;
    return {
      wallMs,
      peakRssMb: Number.isFinite(peakKb) ? peakKb / 1024 : undefined,
      timings: document.timings ?? {},
      testAcc: document.epochs?.at(-1)?.testAcc,
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
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive integer`);
  const precisions = (values.precision ?? 'f64').split(',');
  const extra = positionals;
  const numpy = values['vs-numpy'] ? numpyInfo() : undefined;
  if (values['vs-numpy'] && numpy === undefined) {
    console.error('bench: python3 with numpy is not available; --vs-numpy skipped');
  }

  const rows: Row[] = precisions.map((p) => ({ label: `nn-train ${p}`, runs: [] }));
  const numpyRow: Row = { label: 'numpy (book script)', runs: [] };
  for (let run = 0; run < runs; run++) {
    for (const [i, precision] of precisions.entries()) {
      const args = [NN_TRAIN, '--seed', '0', '--json', '--precision', precision, ...extra];
      const result = await measure(process.execPath, args, process.env);
      rows[i].runs.push(result);
      if (!values.json) {
        console.error(
          `run ${run + 1}/${runs} ${rows[i].label}: ${format(result.wallMs / 1000, 2)} s`,
        );
      }
    }
    if (numpy !== undefined) {
      const result = await measure('python3', [NUMPY_SCRIPT, '--seed', '0', '--json'], numpyEnv());
      numpyRow.runs.push(result);
      if (!values.json)
        console.error(`run ${run + 1}/${runs} numpy: ${format(result.wallMs / 1000, 2)} s`);
    }
  }
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
  console.log(
    `\nDefault run (10000 iterations, batch 100, hidden 50, sigmoid, lr 0.1, 17 evaluations), median of ${runs}`,
  );
  console.log(`machine: ${machine()}${numpy ? `; ${numpy}` : ''}\n`);
  console.log(table(all));
  rows.forEach((row, i) => {
    if (ratios[i] !== undefined) {
      console.log(`\nnumpy / ${row.label}: ${ratios[i].toFixed(2)}x (whole-process wall time)`);
    }
  });
}

await main();
