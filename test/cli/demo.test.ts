import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run, type Run } from './spawn-cli.js';
import { demoCommand } from '../../src/cli/demo.js';
import { findAll, parseXml } from '../eval/xml.js';
import { numpyFixture } from '../fixtures/functions/fixture.js';
import { runInProcess } from './in-process.js';
import { TEST_HOME } from '../home.js';

const BIN = fileURLToPath(new URL('../../bin/nn-demo.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nn-demo-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function nnDemo(...args: string[]): Promise<Run> {
  return runInProcess(demoCommand, args, { env: { NO_COLOR: '1' } });
}

/** Runs the program in this process and returns what it printed. */
async function demo(...args: string[]): Promise<string> {
  const outcome = await nnDemo(...args);
  expect(outcome.status, outcome.stderr).toBe(0);
  return outcome.stdout;
}

describe('nn-demo topics print the book numbers', () => {
  it("loss: 0.09750000000000003, 0.5975, 0.510825457099338 and numpy's 2.302584092994546", async () => {
    const text = await demo('loss');
    expect(text).toContain('sumSquaresError(y, t)   = 0.09750000000000003');
    expect(text).toContain('sumSquaresError(y, t)   = 0.5975');
    expect(text).toContain('crossEntropyError(y, t) = 0.510825457099338');
    expect(text).toContain(`crossEntropyError(y, t) = ${numpyFixture.bookLosses.cee7}`);
    expect(text).toContain('y = [0.1  0.05 0.6  0.   0.05 0.1  0.   0.1  0.   0.  ]');
  });
  it('diff: 0.1999999999990898 and 0.2999999999986347 beside 0.2 and 0.3', async () => {
    const text = await demo('diff');
    expect(text).toContain('numericalDiff(f, 5)  = 0.1999999999990898   exact 0.2');
    expect(text).toContain('numericalDiff(f, 10) = 0.2999999999986347   exact 0.3');
  });
  it('partial: 6.00000000000378 and 7.999999999999119', async () => {
    const text = await demo('partial');
    expect(text).toContain('df/dx0 = 6.00000000000378');
    expect(text).toContain('df/dx1 = 7.999999999999119');
  });
  it('gradient: full precision and numpy-rounded [6. 8.], [0. 4.], [6. 0.]', async () => {
    const text = await demo('gradient');
    expect(text).toContain('at (3, 4): [6.00000000000378, 7.999999999999119]   [6. 8.]');
    expect(text).toMatch(/at \(0, 2\): \[0\.0, 4\.000000000004\] +\[0\. 4\.\]/);
    expect(text).toMatch(/at \(3, 0\): \[6\.000000000012662, 0\.0\] +\[6\. 0\.\]/);
  });
  it('descent: the three book results as numpy prints them, and why lr 10 freezes', async () => {
    const text = await demo('descent');
    expect(text).toContain('lr 0.1:   [-6.11110793e-10  8.14814391e-10]');
    expect(text).toContain('lr 10.0:  [-2.58983747e+13 -1.29524862e+12]');
    expect(text).toContain('lr 1e-10: [-2.99999994  3.99999992]');
    expect(text).toContain('x + h and x - h round back to x');
  });
  it('descent --lr --steps --init runs one other setting', async () => {
    const text = await demo('descent', '--lr', '0.5', '--steps', '1', '--init', '2,-1');
    expect(text).toContain('from (2, -1), 1 steps');
    expect(text).toMatch(/lr 0\.5: +\[/);
    const { runs } = JSON.parse(
      await demo('descent', '--lr', '0.5', '--steps', '1', '--init', '2,-1', '--json'),
    );
    // one step of x - 0.5 * 2x lands on the minimum, up to the central difference's rounding
    expect(runs[0].x[0]).toBeCloseTo(0, 9);
    expect(runs[0].x[1]).toBeCloseTo(0, 9);
  });
  it('simplenet: the book W gives argmax 2, loss 0.928068..., and dW as numpy prints it', async () => {
    const text = await demo('simplenet');
    expect(text).toContain('p = net.predict(x) = [1.05414809 0.63071653 1.1328074 ]');
    expect(text).toContain('np.argmax(p) = 2');
    expect(text).toMatch(/net\.loss\(x, t\) = 0\.928068/);
    expect(text).toContain(numpyFixture.simplenet.book.dWPrinted);
  });
  it('simplenet --seed 0 draws W as numpy does after np.random.seed(0)', async () => {
    const text = await demo('simplenet', '--seed', '0');
    expect(text).toContain('[[ 1.76405235  0.40015721  0.97873798]');
    expect(text).toContain(numpyFixture.simplenet['0'].dWPrinted);
  });
});

describe('nn-demo --json', () => {
  it('prints each topic as one JSON document with the same numbers', async () => {
    const loss = JSON.parse(await demo('loss', '--json'));
    expect(loss.cases[0].sumSquaresError).toBe(0.09750000000000003);
    const diff = JSON.parse(await demo('diff', '--json'));
    expect(diff.points[1].numerical).toBe(0.2999999999986347);
    const partial = JSON.parse(await demo('partial', '--json'));
    expect(partial.partials[0].numerical).toBe(6.00000000000378);
    const gradient = JSON.parse(await demo('gradient', '--json'));
    expect(gradient.points[2].gradient).toEqual([6.000000000012662, 0]);
    const descent = JSON.parse(await demo('descent', '--json'));
    expect(descent.runs.map((r: { x: number[] }) => r.x)).toEqual([
      numpyFixture.descent['0.1'].x,
      numpyFixture.descent['10.0'].x,
      numpyFixture.descent['1e-10'].x,
    ]);
    const simplenet = JSON.parse(await demo('simplenet', '--json'));
    expect(simplenet.argmax).toBe(2);
  });
  it.concurrent('batch (with the bundled data) gives the shapes and the batch', async () => {
    const run = await nnDemo('batch', '--json', '--source', 'bundled');
    expect(run.status).toBe(0);
    const batch = JSON.parse(run.stdout);
    expect(batch.xTrainShape).toEqual([60000, 784]);
    expect(batch.tTrainShape).toEqual([60000, 10]);
    expect(batch.batchMask.slice(0, 5)).toEqual([2732, 43567, 42613, 52416, 45891]);
    // numpy over the same IDX files: np.random.seed(0); m = np.random.choice(60000, 10);
    // labels[m] -> [4 1 7 1 8 7 5 8 4 4]
    expect(batch.batchMask).toEqual([
      2732, 43567, 42613, 52416, 45891, 21243, 30403, 32103, 41993, 57043,
    ]);
    expect(batch.labels).toEqual([4, 1, 7, 1, 8, 7, 5, 8, 4, 4]);
  });
});

describe('nn-demo --plot', () => {
  for (const topic of ['diff', 'gradient', 'descent']) {
    it.concurrent(`${topic} writes a well-formed SVG with axes and a title`, async () => {
      const file = join(scratch, `${topic}.svg`);
      const run = await nnDemo(topic, '--plot', file);
      expect(run.status).toBe(0);
      const root = parseXml(readFileSync(file, 'utf8'));
      expect(root.name).toBe('svg');
      expect(findAll(root, (e) => e.attributes.class === 'x-label')).toHaveLength(1);
      expect(findAll(root, (e) => e.name === 'title')).toHaveLength(1);
    });
  }
});

describe('nn-demo as built', () => {
  it('prints the loss topic from bin/', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_HOME, NO_COLOR: '1' };
    const built = await run(BIN, ['loss'], env);
    expect(built).toEqual({ status: 0, stdout: await demo('loss'), stderr: '' });
  });
});

describe('nn-demo bad input: one line on stderr, exit 2, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown topic', ['nope'], /^nn-demo: unknown topic 'nope' \(topics: loss, batch, diff,/],
    ['a topic one letter off', ['lose'], /^nn-demo: unknown topic 'lose'/],
    [
      '--lr abc',
      ['descent', '--lr', 'abc'],
      /^nn-demo: option '--lr <rate>' argument 'abc' is invalid/,
    ],
    [
      '--steps -1',
      ['descent', '--steps', '-1'],
      /^nn-demo: option '--steps <n>' argument '-1' is invalid/,
    ],
    [
      '--init 1',
      ['descent', '--init', '1'],
      /^nn-demo: option '--init <x0,x1>' argument '1' is invalid/,
    ],
    ['--lr 0', ['descent', '--lr', '0'], /greater than 0/],
    ['--seed -3', ['simplenet', '--seed', '-3'], /argument '-3' is invalid/],
    ['--plot on a topic without a figure', ['loss', '--plot', 'x.svg'], /unknown option '--plot'/],
    [
      '--plot into a missing directory',
      ['diff', '--plot', '/nonexistent/dir/x.svg'],
      /^nn-demo: cannot write/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it.concurrent(what, async () => {
      const run = await nnDemo(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    });
  }
});
