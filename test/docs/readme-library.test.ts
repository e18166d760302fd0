// The README's "Use it as a library" example, run as a user would run it (a module importing the
// built package, in a directory of its own), must print what the README says it prints, and that
// must be what nn-train says of the same run.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/train.js';
import { parseModel } from '../../src/nn/model-file.js';
import { runInProcess } from '../cli/in-process.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'nn-readme-library-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The section's first block fenced as `language`, without its fences. */
function block(section: string, language: string): string {
  const match = new RegExp('```' + language + '\\n([^]*?)```').exec(section);
  if (!match) throw new Error(`no ${language} block in the README's library section`);
  return match[1];
}

const section = README.slice(
  README.indexOf('## Use it as a library'),
  README.indexOf('\n## ', README.indexOf('## Use it as a library')),
);

interface JsonRun {
  epochs: { epoch: number; testAcc: number }[];
  status: string;
  final: { testAcc: number };
  seed: number;
}

describe("the README's library example", () => {
  it("prints what the README shows, and nn-train's numbers for the same run", async () => {
    const code = block(section, 'ts');
    expect(code).toContain("from 'nn-scratch';");
    const entry = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
    writeFileSync(join(scratch, 'example.mjs'), code.replace("'nn-scratch'", `'${entry}'`));
    const shown = block(section, 'console').split('\n');
    expect(shown[0]).toBe('$ node example.mjs');

    // The same run, from the command the README names, alongside the example's own process.
    const args = ['--activation', 'relu', '--iters', '1201', '--seed', '0', '--threads', '2'];
    expect(section).toContain(`\`nn-train ${args.slice(0, 6).join(' ')}\``);
    const [{ stdout, stderr }, cli] = await Promise.all([
      run(process.execPath, ['example.mjs'], { cwd: scratch, env: process.env }),
      runInProcess(trainCommand, [...args, '--json']),
    ]);
    expect(stderr).toBe('');
    expect(stdout).toBe(shown.slice(1).join('\n'));

    expect(cli.status).toBe(0);
    const document = JSON.parse(cli.stdout) as JsonRun;
    const expected = [
      ...document.epochs.map((row) => `epoch ${row.epoch}: test accuracy ${row.testAcc}`),
      `${document.status}: final test accuracy ${document.final.testAcc}`,
      'test image 0: predicted 7, labelled 7',
      `loaded model: ${Math.round(document.final.testAcc * 10000)} of 10000 test images right`,
    ];
    expect(stdout.trimEnd().split('\n')).toEqual(expected);

    const saved = parseModel(readFileSync(join(scratch, 'model.json'), 'utf8'));
    expect(saved.seed).toBe(document.seed);
    expect(saved.architecture).toMatchObject({ class: 'TwoLayerNet', activation: 'relu' });
  });
});
