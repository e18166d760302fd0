// --plot across the commands: only an .svg name is taken, refused before any data is read, and a
// figure that was written is named on stderr. In this process, through main()'s own runCommand
// (demo.test.ts, train.test.ts and eval.test.ts run each built command).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/demo.js';
import { evalCommand } from '../../src/cli/eval.js';
import type { CliCommand } from '../../src/cli/run.js';
import { trainCommand } from '../../src/cli/train.js';
import { findAll, parseXml, textOf } from '../eval/xml.js';
import { runInProcess } from './in-process.js';
import { SMALL } from './train-cli.js';

const COMMANDS: Record<string, CliCommand> = {
  'nn-train': trainCommand,
  'nn-eval': evalCommand,
  'nn-demo': demoCommand,
};

function run(command: string, args: string[]) {
  return runInProcess(COMMANDS[command], args);
}
const dir = mkdtempSync(join(tmpdir(), 'nn-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data source that fails if anything tries to load from it. */
const NO_DATA = ['--source', 'cache', '--data-dir', join(dir, 'no-such-dir')];

describe('--plot takes only a file name ending in .svg', () => {
  const cases: [string, string[]][] = [
    ['nn-train', ['--plot', join(dir, 'training.png'), ...NO_DATA]],
    ['nn-eval', [join(dir, 'no-model.json'), '--plot', join(dir, 'eval.PNG'), ...NO_DATA]],
    ['nn-demo', ['descent', '--lr', '10', '--plot', join(dir, 'descent.svg.png')]],
  ];
  for (const [command, args] of cases) {
    it.concurrent(
      `${command} refuses another name on one line, exit 2, before reading anything`,
      async () => {
        const result = await run(command, args);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          new RegExp(
            `^${command}: option '--plot <file\\.svg>' argument '.*' is invalid\\. ` +
              'Expected a file name ending in \\.svg \\(figures are SVG only\\)\\.\\n$',
          ),
        );
        expect(existsSync(args[args.indexOf('--plot') + 1])).toBe(false);
      },
    );
  }

  it.concurrent('takes .SVG in capitals, and says on stderr that it wrote the file', async () => {
    const file = join(dir, 'DESCENT.SVG');
    const result = await run('nn-demo', ['descent', '--plot', file]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`nn-demo: wrote ${file}\n`);
    expect(parseXml(readFileSync(file, 'utf8')).name).toBe('svg');
  });
});

describe('nn-train --plot and nn-eval --plot', () => {
  const model = join(dir, 'model.json');
  let trainStderr = '';

  beforeAll(async () => {
    const args = ['--iters', '20', '--seed', '1', '--save', model, '--plot', join(dir, 't.svg')];
    const result = await run('nn-train', [...SMALL, ...args]);
    expect(result.status, result.stderr).toBe(0);
    trainStderr = result.stderr;
  });

  it('nn-train says which file it wrote', () => {
    expect(trainStderr).toBe(`nn-train: wrote ${join(dir, 't.svg')}\n`);
    expect(existsSync(join(dir, 't.svg'))).toBe(true);
  });

  it('nn-eval says which file it wrote, and titles the figure with the file name only', async () => {
    const plot = join(dir, 'e.svg');
    const args = [model, '--source', 'bundled', '--limit', '500', '--plot', plot];
    const result = await run('nn-eval', args);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`nn-eval: wrote ${plot}\n`);
    expect(result.stdout).not.toContain('wrote');
    const svg = parseXml(readFileSync(plot, 'utf8'));
    const heading = textOf(findAll(svg, (e) => e.attributes.class === 'model')[0]);
    expect(heading).toMatch(/^model\.json: TwoLayerNet 784-50-10 sigmoid/);
    expect(findAll(svg, (e) => e.name === 'title').map(textOf)[0]).not.toContain(dir);
  });
});
