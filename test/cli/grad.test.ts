import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { run as runBuilt, type Run } from './spawn-cli.js';
import { buildGradProgram, gradCommand } from '../../src/cli/grad.js';
import type { Io } from '../../src/cli/io.js';
import { runInProcess } from './in-process.js';
import { TEST_HOME } from '../home.js';

const BIN = fileURLToPath(new URL('../../bin/nn-grad.js', import.meta.url));

function nnGrad(...args: string[]): Promise<Run> {
  return runInProcess(gradCommand, args, { env: { NO_COLOR: '1' } });
}

describe('nn-grad', () => {
  it.concurrent(
    'prints the numerical gradient of x0^2 + x1^2 at (3, 4) beside the exact one (the built command)',
    async () => {
      const run = await runBuilt(BIN, ['x0^2 + x1^2', '--at', '3,4'], {
        ...process.env,
        ...TEST_HOME,
        NO_COLOR: '1',
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/df\/dx0 +6\.00000000000378 +6\.0 +3\.78e-12 +6\.30e-13/);
      expect(run.stdout).toMatch(/df\/dx1 +7\.999999999999119 +8\.0 +8\.81e-13 +1\.10e-13/);
      expect(run.stdout).toMatch(/^verdict: agree/m);
    },
  );
  it('runs a named function at its default point: function_1 at 5 gives 0.1999999999990898', async () => {
    const run = await nnGrad('function_1');
    expect(run.stdout).toMatch(/df\/dx +0\.1999999999990898 +0\.2 /);
  });
  it('lists the named functions', async () => {
    const run = await nnGrad('--list');
    for (const name of ['function_1', 'function_2', 'rosenbrock', 'himmelblau', 'beale']) {
      expect(run.stdout).toContain(name);
    }
  });
  it('sets the step with --h and reports it', async () => {
    const run = await nnGrad('x^3', '--at', '1', '--h', '0.1', '--json');
    expect(run.status).toBe(1);
    const check = JSON.parse(run.stdout);
    expect(check.h).toBe(0.1);
    // central difference of x^3: 3x^2 + h^2 exactly, so 3.01 up to rounding
    expect(check.components[0].numerical).toBeCloseTo(3.01, 12);
    expect(check.components[0].exact).toBe(3);
    expect(check.verdict).toBe('disagree');
  });
  it.concurrent('exits 1 when the gradients disagree', async () => {
    const run = await nnGrad('sin(x)', '--at', '1', '--h', '0.9');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^verdict: disagree/m);
  });
  it.concurrent('exits 1 and says it cannot compare where f is not defined', async () => {
    const run = await nnGrad('log(x)', '--at', '-1');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^verdict: cannot compare/m);
  });
  it.concurrent('reads an expression that starts with "-" after "--"', async () => {
    const run = await nnGrad('--at', '2', '--', '-x^2');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/df\/dx +-4\.000000000004 +-4\.0/);
  });
  describe('beside a subcommand, as `nn-grad net` is', () => {
    /** nn-grad with a stand-in subcommand that records the options it was given. */
    function withProbe() {
      const seen: { options?: Record<string, unknown> } = {};
      const command = {
        name: 'nn-grad',
        build: (io: Io) =>
          buildGradProgram(io).addCommand(
            new Command('probe')
              .option('--json')
              .option('--samples <n>')
              .action((options: Record<string, unknown>) => void (seen.options = options)),
          ),
      };
      return { run: (...args: string[]) => runInProcess(command, args), seen };
    }
    it('still checks an expression, with options after it', async () => {
      const { run: probeRun, seen } = withProbe();
      const outcome = await probeRun('x0^2 + x1^2', '--at', '3,4', '--json');
      expect(JSON.parse(outcome.stdout).components[0].numerical).toBe(6.00000000000378);
      expect(seen.options).toBeUndefined();
    });
    it('hands the subcommand its own options, --json included', async () => {
      const { run: probeRun, seen } = withProbe();
      const outcome = await probeRun('probe', '--json', '--samples', '3');
      expect(seen.options).toEqual({ json: true, samples: '3' });
      expect(outcome.stdout).toBe('');
    });
  });
});

describe('nn-grad bad input: one line on stderr, exit 2, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    [
      '--at 3 for a two-variable function',
      ['function_2', '--at', '3'],
      /uses x1 but the point has 1 coordinate$/,
    ],
    [
      'x2 with two coordinates',
      ['x0 + x2', '--at', '1,2'],
      /uses x2 but the point has 2 coordinates$/,
    ],
    [
      'a malformed expression, naming the column',
      ['(x0 + )', '--at', '1'],
      /^nn-grad: unexpected '\)' at column 7$/,
    ],
    ['an empty expression', ['', '--at', '1'], /^nn-grad: empty expression$/],
    [
      'a very long expression',
      ['x+'.repeat(5000) + 'x', '--at', '1'],
      /^nn-grad: expression too long/,
    ],
    [
      'a deeply nested expression',
      ['('.repeat(900) + 'x' + ')'.repeat(900), '--at', '1'],
      /^nn-grad: expression nested too deeply/,
    ],
    ['an expression without --at', ['x^2'], /^nn-grad: --at is needed/],
    ['--at abc', ['x^2', '--at', 'abc'], /argument 'abc' is invalid/],
    ['--h 0', ['x^2', '--at', '1', '--h', '0'], /argument '0' is invalid/],
    ['an unknown name', ['rosenbrok'], /^nn-grad: unknown name 'rosenbrok'/],
  ];
  for (const [what, args, message] of cases) {
    it.concurrent(what, async () => {
      const run = await nnGrad(...args);
      expect(run.status).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    });
  }
});
