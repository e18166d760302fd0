// Fault catalogue: output streams that fail. stdout on a full disk costs the output, never the
// work: one line on stderr, the run finished, --save written, exit 1. stderr on a full disk
// changes nothing the command does, nor its exit code, and never makes it hang. A closed pipe
// (`| head`) is no failure: the output ends quietly.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/nn/model-file.js';
import { expectNoTemporaries, expectOneLine, expectUnchanged, fingerprint } from './promise.js';
import { makeFullDevice, SMALL, spawnCommand, writeModel, type CommandName } from './spawn.js';

const NO_SPACE = /: cannot write to standard output: no space left on device \(ENOSPC\)$/;
const scratch = mkdtempSync(join(tmpdir(), 'nn-faults-stdout-'));
const device = makeFullDevice(scratch);
const full = 'path' in device ? device.path : '';
const model = join(scratch, 'model.json');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!('path' in device))(
  `stdout on a full disk (${'reason' in device ? device.reason : 'a stand-in device'})`,
  () => {
    beforeAll(() => writeModel(model));

    // Every row and the summary after the first failed write fail too: each is dropped unsaid.
    // Thirty iterations are three rows (at 0, 10 and 20) and the summary: enough writes to fail.
    it('nn-train --iters 30 --train-size 1000 --test-size 500 --save m.json: one line, exit 1, a complete model', async () => {
      const dir = mkdtempSync(join(scratch, 'train-'));
      const save = join(dir, 'm.json');
      const run = spawnCommand('nn-train', [...SMALL, '--iters', '30', '--save', save], {
        stdoutPath: full,
      });
      const outcome = await run.done;
      expect(outcome.status).toBe(1);
      expectOneLine(outcome.stderr, 'nn-train', NO_SPACE);
      const saved = parseModel(readFileSync(save, 'utf8'), save);
      expect(saved.metrics?.status).toBe('completed');
      expect(saved.metrics?.iterationsDone).toBe(30);
      await expectNoTemporaries(dir);
    });

    it('nn-train --json: the document is lost, the model is not', async () => {
      const dir = mkdtempSync(join(scratch, 'train-json-'));
      const save = join(dir, 'm.json');
      const run = spawnCommand('nn-train', [...SMALL, '--iters', '25', '--json', '--save', save], {
        stdoutPath: full,
      });
      const outcome = await run.done;
      expect(outcome.status).toBe(1);
      expect(outcome.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(NO_SPACE),
        `nn-train: saved the model to ${save}`,
      ]);
      expect(parseModel(readFileSync(save, 'utf8'), save).metrics?.iterationsDone).toBe(25);
    });

    const others: [CommandName, () => string[]][] = [
      ['nn-eval', () => [model, '--source', 'bundled', '--limit', '200']],
      ['nn-demo', () => ['loss']],
      ['nn-grad', () => ['x0^2 + x1^2', '--at', '3,4']],
      ['nn-data', () => ['show', '0', '--source', 'bundled']],
      ['nn-train', () => ['--help']],
    ];
    for (const [name, args] of others) {
      it.concurrent(
        `${name} ${args()[0] === model ? 'MODEL' : args()[0]}: one line, exit 1`,
        async () => {
          const before = await fingerprint(scratch);
          const outcome = await spawnCommand(name, args(), { stdoutPath: full }).done;
          expect(outcome.status).toBe(1);
          expectOneLine(outcome.stderr, name, NO_SPACE);
          await expectUnchanged(scratch, before);
        },
      );
    }
  },
);

describe.skipIf(!('path' in device))('stderr on a full disk', () => {
  it.concurrent('a usage error still exits 2, without a word and without hanging', async () => {
    const outcome = await spawnCommand('nn-train', ['--iters', '0'], { stderrPath: full }).done;
    expect(outcome).toMatchObject({ status: 2, stdout: '' });
  });

  it.concurrent('a run still trains, prints its document, saves, and exits 0', async () => {
    const dir = mkdtempSync(join(scratch, 'stderr-'));
    const save = join(dir, 'm.json');
    const run = spawnCommand('nn-train', [...SMALL, '--iters', '12', '--json', '--save', save], {
      stderrPath: full,
    });
    const outcome = await run.done;
    expect(outcome.status).toBe(0);
    expect((JSON.parse(outcome.stdout) as { iterationsDone: number }).iterationsDone).toBe(12);
    expect(parseModel(readFileSync(save, 'utf8'), save).metrics?.status).toBe('completed');
  });

  it.concurrent('both streams full: the model is still saved, and the exit is 1', async () => {
    const dir = mkdtempSync(join(scratch, 'both-'));
    const save = join(dir, 'm.json');
    const run = spawnCommand('nn-train', [...SMALL, '--iters', '12', '--save', save], {
      stdoutPath: full,
      stderrPath: full,
    });
    expect((await run.done).status).toBe(1);
    expect(parseModel(readFileSync(save, 'utf8'), save).metrics?.iterationsDone).toBe(12);
  });

  it.concurrent('a runtime failure still exits 1', async () => {
    const missing = join(scratch, 'no-such-model.json');
    const outcome = await spawnCommand('nn-eval', [missing], { stderrPath: full }).done;
    expect(outcome).toMatchObject({ status: 1, stdout: '' });
  });
});

describe('stdout closed early (`| head`)', () => {
  it.concurrent('a run with nothing to save stops, quietly, with exit 0', async () => {
    const run = spawnCommand('nn-train', [...SMALL, '--iters', '1000000']);
    await run.when('stdout', /^epoch +0 ·/m);
    run.closeStdout();
    const outcome = await run.done;
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe('');
  });

  it.concurrent('a run with --save goes on to the end and saves', async () => {
    const dir = mkdtempSync(join(scratch, 'pipe-'));
    const save = join(dir, 'm.json');
    writeFileSync(join(dir, 'keep.txt'), 'keep');
    const before = await fingerprint(dir);
    const run = spawnCommand('nn-train', [...SMALL, '--iters', '60', '--save', save]);
    await run.when('stdout', /^epoch +0 ·/m);
    run.closeStdout();
    const outcome = await run.done;
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(parseModel(readFileSync(save, 'utf8'), save).metrics?.iterationsDone).toBe(60);
    await expectUnchanged(dir, before);
    expect(existsSync(join(dir, 'keep.txt'))).toBe(true);
  });
});
