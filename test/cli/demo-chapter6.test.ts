// nn-demo optimizers and activations on the command line: text, --json, --plot and bad input.
// In this process, through main()'s own runCommand; one --plot case runs the built command.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run, type Run } from './spawn-cli.js';
import { demoCommand } from '../../src/cli/demo.js';
import { runInProcess } from './in-process.js';
import { displayWidth } from '../../src/report/text-width.js';
import { findAll, parseXml } from '../eval/xml.js';
import { readFixture, sameBits } from '../fixtures/ch6/fixture.js';
import { TEST_HOME } from '../home.js';

const BIN = fileURLToPath(new URL('../../bin/nn-demo.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nn-demo-ch6-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function nnDemo(...args: string[]): Promise<Run> {
  return run(BIN, args, { ...process.env, ...TEST_HOME, NO_COLOR: '1' });
}

function demoHere(...args: string[]): Promise<Run> {
  return runInProcess(demoCommand, args, { env: { NO_COLOR: '1' } });
}

async function demo(...args: string[]): Promise<string> {
  const ran = await demoHere(...args);
  expect(ran.status, ran.stderr).toBe(0);
  return ran.stdout;
}

const naive = readFixture<{ runs: { x: number[]; y: number[] }[] }>(
  'numpy-optimizer-compare-naive.json',
);
const histograms = readFixture<{
  runs: { weight: string; activation: string; layers: { counts: number[]; mean: number }[] }[];
}>('numpy-weight-init-histogram.json');

describe('nn-demo optimizers', () => {
  it('prints the four paths within 80 columns', async () => {
    const lines = (await demo('optimizers')).trimEnd().split('\n');
    expect(lines.every((line) => displayWidth(line) <= 80)).toBe(true);
    expect(lines.join('\n')).toContain('SGD(lr=0.95): f = 0.0133 after 30 updates');
  });
  it("--json gives the paths, numpy's bit for bit", async () => {
    const json = JSON.parse(await demo('optimizers', '--json'));
    expect(json.init).toEqual([-7, 2]);
    json.runs.forEach((r: { x: number[]; y: number[] }, i: number) => {
      expect(sameBits(r.x, naive.runs[i].x)).toEqual([]);
      expect(sameBits(r.y, naive.runs[i].y)).toEqual([]);
    });
  });
});

describe('nn-demo activations', () => {
  it("prints the book's six settings by default, every line within 80 columns", async () => {
    const text = await demo('activations');
    expect(text.match(/^fig\. 6-1\d/gm)).toHaveLength(6);
    expect(
      text
        .trimEnd()
        .split('\n')
        .every((line) => displayWidth(line) <= 80),
    ).toBe(true);
  });
  it("--init std0.01 --activation relu --json: one setting, numpy's counts", async () => {
    const json = JSON.parse(
      await demo('activations', '--init', 'std0.01', '--activation', 'relu', '--json'),
    );
    const expected = histograms.runs.find(
      (r) => r.weight === 'std 0.01' && r.activation === 'ReLU',
    );
    expect(json.seed).toBe(0);
    expect(json.edges).toHaveLength(31);
    expect(json.runs).toHaveLength(1);
    expect(json.runs[0].figure).toBe('6-14 (top)');
    expect(json.runs[0].layers.map((l: { counts: number[] }) => l.counts)).toEqual(
      expected?.layers.map((l) => l.counts),
    );
  });
  it('names a scale as the book does, or by its std: Xavier, He, 0.01, std1', async () => {
    const weights = async (init: string) =>
      JSON.parse(await demo('activations', '--init', init, '--activation', 'sigmoid', '--json'))
        .runs[0].weight;
    expect(await weights('Xavier')).toBe('Xavier');
    expect(await weights('he')).toBe('He');
    expect(await weights('0.01')).toBe('std 0.01');
    expect(await weights('std1')).toBe('std 1');
  });
  it('--seed draws other inputs', async () => {
    const seeded = JSON.parse(
      await demo('activations', '--init', 'he', '--activation', 'relu', '--seed', '1', '--json'),
    );
    expect(seeded.seed).toBe(1);
    // np.random.seed(1); np.random.randn() -> 1.6243453636632417
    expect(seeded.input.first[0]).toBe(1.6243453636632417);
  });
});

describe('nn-demo optimizers and activations --plot', () => {
  it.concurrent('optimizers writes a parsable SVG of four panels and says so', async () => {
    const file = join(scratch, 'optimizers.svg');
    const result = await nnDemo('optimizers', '--plot', file);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`nn-demo: wrote ${file}\n`);
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(findAll(root, (e) => e.attributes.class === 'panel')).toHaveLength(4);
    expect(findAll(root, (e) => e.attributes.class === 'step')).toHaveLength(120);
  });
  it.concurrent('activations --init all writes eight rows of five histograms', async () => {
    const file = join(scratch, 'activations.svg');
    const result = await demoHere('activations', '--init', 'all', '--plot', file);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`nn-demo: wrote ${file}\n`);
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(findAll(root, (e) => e.attributes.class === 'row')).toHaveLength(8);
    expect(findAll(root, (e) => e.attributes.class === 'histogram')).toHaveLength(40);
  });
});

describe('nn-demo optimizers and activations, bad input: one line on stderr, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown --init', ['activations', '--init', 'glorot'], /argument 'glorot' is invalid/],
    ['a negative std', ['activations', '--init', 'std-1'], /argument 'std-1' is invalid/],
    ['--init with no value', ['activations', '--init'], /argument missing/],
    [
      'an unknown --activation',
      ['activations', '--activation', 'tanh'],
      /Allowed choices are sigmoid, relu/,
    ],
    ['--seed -1', ['activations', '--seed', '-1'], /argument '-1' is invalid/],
    ['--plot to a .png', ['optimizers', '--plot', 'x.png'], /ending in \.svg/],
    ['an option optimizers lacks', ['optimizers', '--seed', '1'], /unknown option '--seed'/],
    [
      '--plot into a missing directory',
      // one setting: the failure is in the write, not in how many settings come before it
      [
        'activations',
        '--init',
        'he',
        '--activation',
        'relu',
        '--plot',
        join(scratch, 'missing', 'a.svg'),
      ],
      /^nn-demo: cannot write/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const result = await demoHere(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    });
  }
});
