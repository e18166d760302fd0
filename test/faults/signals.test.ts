// Fault catalogue: SIGINT, SIGTERM and SIGHUP sent to the built commands. Each stops the work
// the way Ctrl-C does: a run ends after its iteration with a summary and its --save written, a
// load or a download is abandoned with its temporary file removed; one line on stderr, and the
// exit code 128 + the signal's number. A second signal ends the process at once.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../../src/data/files.js';
import { parseModel } from '../../src/nn/model-file.js';
import { startMirror, type MirrorServer } from '../data/mirror-server.js';
import {
  expectNoTemporaries,
  expectOneLine,
  withoutProgress,
  expectUnchanged,
  fingerprint,
  temporaries,
} from './promise.js';
import { SMALL, spawnCommand, until, writeModel, type CommandName } from './spawn.js';

const SIGNALS = [
  ['SIGINT', 130, 'interrupted'],
  ['SIGTERM', 143, 'terminated (SIGTERM)'],
  ['SIGHUP', 129, 'hung up (SIGHUP)'],
] as const;
/**
 * A run whose model takes a while to put into words (800 000 parameters, 17 MB of JSON) and
 * little to train: a signal sent when the summary appears finds the save still to do. These
 * cases run one at a time, so that nothing else holds this process up from sending it.
 */
const SAVING = [
  '--source',
  'bundled',
  '--train-size',
  '100',
  '--test-size',
  '100',
  '--hidden',
  '1000',
  '--iters',
  '2',
  '--threads',
  '1',
];

const scratch = mkdtempSync(join(tmpdir(), 'nn-faults-signals-'));
let mirror: MirrorServer;
let caseNumber = 0;

/** A directory of its own for a case, holding a file the case must leave alone. */
function caseDir(): { dir: string; keep: string } {
  const dir = join(scratch, `case-${caseNumber++}`);
  const keep = join(dir, 'keep.json');
  mkdirSync(dir);
  writeFileSync(keep, '{"a good file": true}\n');
  return { dir, keep };
}

beforeAll(async () => {
  // Any bytes serve: the stalling mirror sends half a body, then nothing.
  const body = gzipSync(Buffer.alloc(4096, 7));
  const files = Object.fromEntries(MNIST_FILES.map((name) => [name, body]));
  mirror = await startMirror(files, files);
});
afterAll(async () => {
  await mirror.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The download is under way: its temporary file is in `dir`. */
async function downloading(dir: string): Promise<void> {
  await until(async () => existsSync(dir) && (await temporaries(dir)).length > 0);
}

describe('nn-train and a signal', () => {
  for (const [signal, code, what] of SIGNALS) {
    it.concurrent(
      `${signal} during the load: ${code}, one line, no temporary file, nothing saved`,
      async () => {
        const { dir } = caseDir();
        const data = join(dir, 'mnist');
        const before = await fingerprint(dir);
        const save = join(dir, 'model.json');
        const run = spawnCommand('nn-train', [
          '--source',
          'download',
          '--data-dir',
          data,
          '--mirror',
          `${mirror.url}/stall/`,
          '--save',
          save,
        ]);
        await downloading(data);
        run.kill(signal);
        const outcome = await run.done;
        expect(outcome.status).toBe(code);
        const said = withoutProgress(outcome.stderr);
        expectOneLine(said, 'nn-train');
        expect(said).toBe(`nn-train: ${what} while loading MNIST; nothing was trained\n`);
        expect(outcome.stdout).toBe('');
        await expectNoTemporaries(dir);
        // The fetch made the cache directory, so it takes it away again.
        expect(existsSync(data)).toBe(false);
        await expectUnchanged(dir, before);
        expect(readdirSync(dir)).not.toContain('model.json');
      },
    );

    it.concurrent(
      `${signal} mid-run: the iteration finished, a summary, --save complete, ${code}`,
      async () => {
        const { dir, keep } = caseDir();
        const before = await fingerprint(dir);
        const save = join(dir, 'model.json');
        const run = spawnCommand('nn-train', [...SMALL, '--iters', '1000000', '--save', save]);
        await run.when('stdout', /^epoch +2 ·/m);
        run.kill(signal);
        const outcome = await run.done;
        expect(outcome.status).toBe(code);
        expectOneLine(
          outcome.stderr,
          'nn-train',
          /: stopping after this iteration \(.* again to quit at once\)$/,
        );
        expect(outcome.stdout).toMatch(/^interrupted after \d+ of 1000000 iterations in /m);
        expect(outcome.stdout).toContain(`saved the model to ${save}`);
        const model = parseModel(readFileSync(save, 'utf8'), save);
        expect(model.metrics?.status).toBe('interrupted');
        expect(model.metrics?.iterationsDone).toBeGreaterThanOrEqual(21);
        await expectNoTemporaries(dir);
        await expectUnchanged(dir, before);
        expect(readFileSync(keep, 'utf8')).toContain('a good file');
      },
    );

    it(`${signal} during the save: the save completes, then ${code}`, async () => {
      const { dir } = caseDir();
      const before = await fingerprint(dir);
      const save = join(dir, 'model.json');
      const run = spawnCommand('nn-train', [...SAVING, '--save', save]);
      await run.when('stdout', /^final test acc/m);
      run.kill(signal);
      const outcome = await run.done;
      expect(outcome.status, JSON.stringify(outcome)).toBe(code);
      expectOneLine(
        outcome.stderr,
        'nn-train',
        new RegExp(`: saving ${save} first \\(.* again to quit at once\\)$`),
      );
      expect(outcome.stdout).toMatch(/^done: 2 iterations in /m);
      const model = parseModel(readFileSync(save, 'utf8'), save);
      expect(model.metrics?.status).toBe('completed');
      expect(model.architecture.hiddenSizeList).toEqual([1000]);
      await expectNoTemporaries(dir);
      await expectUnchanged(dir, before);
    });
  }

  it('a second signal during the save ends the process at once; no half-written model', async () => {
    const { dir } = caseDir();
    const save = join(dir, 'model.json');
    writeFileSync(save, 'the previous model\n');
    const run = spawnCommand('nn-train', [...SAVING, '--save', save]);
    await run.when('stdout', /^final test acc/m);
    // Both arrive while the model is put into words. Whichever the process takes first stops
    // the run gracefully (its line); the other ends the process, with its own code, at once.
    run.kill('SIGTERM');
    run.kill('SIGINT');
    const outcome = await run.done;
    expectOneLine(
      outcome.stderr,
      'nn-train',
      /: (interrupted|terminated \(SIGTERM\)): saving .* first/,
    );
    const second = outcome.stderr.includes('interrupted') ? 143 : 130;
    expect(outcome.status).toBe(second);
    expect(outcome.stdout).not.toContain('saved the model');
    // The previous file stands, or the whole new one: never a part of one.
    const text = readFileSync(save, 'utf8');
    if (text !== 'the previous model\n') {
      expect(parseModel(text, save).architecture.hiddenSizeList).toEqual([1000]);
    }
  });
});

describe('every other command that loads MNIST, and a signal during a download', () => {
  const loading = ' while loading MNIST';
  const fetching = '; the cache holds only verified files';
  const cases: [CommandName, string[], NodeJS.Signals, number, string][] = [
    ...SIGNALS.map(([signal, code]): [CommandName, string[], NodeJS.Signals, number, string] => [
      'nn-data',
      ['fetch'],
      signal,
      code,
      fetching,
    ]),
    ['nn-eval', ['MODEL', '--source', 'download'], 'SIGTERM', 143, loading],
    ['nn-demo', ['batch', '--source', 'download'], 'SIGHUP', 129, loading],
    ['nn-grad', ['net', '--source', 'download'], 'SIGINT', 130, loading],
  ];
  for (const [name, args, signal, code, tail] of cases) {
    it.concurrent(
      `${name} ${args[0]}: ${signal} ends it with ${code}, one line, the cache directory it made gone`,
      async () => {
        const { dir } = caseDir();
        const data = join(dir, 'mnist');
        const model = join(dir, 'model.json');
        if (args[0] === 'MODEL') writeModel(model);
        const before = await fingerprint(dir);
        const run = spawnCommand(name, [
          ...args.map((arg) => (arg === 'MODEL' ? model : arg)),
          '--data-dir',
          data,
          '--mirror',
          `${mirror.url}/stall/`,
        ]);
        await downloading(data);
        run.kill(signal);
        const outcome = await run.done;
        expect(outcome.status).toBe(code);
        const said = withoutProgress(outcome.stderr);
        expectOneLine(said, name);
        const what = SIGNALS.find(([sent]) => sent === signal)?.[2];
        expect(said.trimEnd()).toBe(`${name}: ${what}${tail}`);
        expect(outcome.stdout).toBe('');
        // The fetch made the cache directory, so it takes it away again.
        expect(existsSync(data)).toBe(false);
        await expectUnchanged(dir, before);
      },
    );
  }
});
