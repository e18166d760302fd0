// The fault catalogue for what the commands write (--save, --plot): links, devices, FIFOs, long
// names, full and read-only file systems, and Ctrl-C in the middle of a save. Every case keeps the
// promise of promise.ts: one line on stderr, the right exit code, no temporary file left, no good
// file changed. Most cases run nn-train (and nn-compare) in this process (commands.ts runHere); a full disk, a
// FIFO, nn-demo, nn-eval and Ctrl-C run the built command in a process of its own.

import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/nn/model-file.js';
import { cleanEnv, SMALL } from '../cli/train-cli.js';
import {
  makeDevice,
  makeFifo,
  mountTmpfs,
  readFifo,
  remountReadOnly,
  unmount,
  whyNoDevices,
  whyNoFifos,
  whyNoMounts,
} from '../io/special-files.js';
import {
  binOf,
  copyModel,
  runCommand,
  runHere,
  scratch,
  TINY_TRAINING,
  trainModel,
} from './commands.js';
import { expectNoTemporaries, expectOneLine, expectUnchanged, fingerprint } from './promise.js';

const train = (args: string[]) => runHere('nn-train', [...TINY_TRAINING, ...args]);
const trainSpawned = (args: string[]) => runCommand('nn-train', [...TINY_TRAINING, ...args]);

/** A whole model as nn-train saves it, or a thrown error saying what is wrong with it. */
const modelIn = (path: string) => parseModel(readFileSync(path, 'utf8'), path);
const isSvg = (path: string) => /<\/svg>\s*$/.test(readFileSync(path, 'utf8'));

let oldModel: string;
const mounts: string[] = [];

beforeAll(async () => {
  oldModel = await trainModel(scratch());
});

/** A tmpfs of `kilobytes` for one case, unmounted after the file's cases whatever happens. */
function smallDisk(kilobytes: number): string {
  const dir = join(scratch(), 'disk');
  mountTmpfs(dir, kilobytes);
  mounts.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of mounts) unmount(dir);
});

describe('--save and --plot onto a symbolic link write through it', () => {
  it('--save onto a link: the link stays a link, its target holds the new model', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'real.json'), 'old');
    symlinkSync('models/real.json', join(dir, 'link.json'));
    const outcome = await train(['--save', join(dir, 'link.json')]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('models/real.json');
    expect(modelIn(join(dir, 'models', 'real.json')).seed).toBe(0);
    await expectNoTemporaries(dir);
  });

  it('--save onto a dangling link: the link stays, and the file it names is created', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'models'));
    symlinkSync('models/new.json', join(dir, 'link.json'));
    const outcome = await train(['--save', join(dir, 'link.json')]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(modelIn(join(dir, 'models', 'new.json')).seed).toBe(0);
    await expectNoTemporaries(dir);
  });

  it('--save onto a dangling link into a missing directory: refused before training, exit 2', async () => {
    const dir = scratch();
    symlinkSync('missing/new.json', join(dir, 'link.json'));
    const outcome = await train(['--save', join(dir, 'link.json')]);
    expect(outcome.status).toBe(2);
    expectOneLine(
      outcome.stderr,
      'nn-train',
      /--save .*link\.json: directory .*missing does not exist$/,
    );
    expect(outcome.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['link.json']);
  });

  it('nn-train --plot onto a chain of links: every link stays, the last target is the figure', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'real.svg'), 'old');
    symlinkSync('real.svg', join(dir, 'second.svg'));
    symlinkSync('second.svg', join(dir, 'first.svg'));
    const outcome = await train(['--plot', join(dir, 'first.svg')]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(lstatSync(join(dir, 'first.svg')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'second.svg')).isSymbolicLink()).toBe(true);
    expect(isSvg(join(dir, 'real.svg'))).toBe(true);
    await expectNoTemporaries(dir);
  });

  it('nn-demo --plot onto a link: the link stays a link', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'real.svg'), 'old');
    symlinkSync('real.svg', join(dir, 'link.svg'));
    const outcome = await runCommand('nn-demo', ['descent', '--plot', join(dir, 'link.svg')]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(lstatSync(join(dir, 'link.svg')).isSymbolicLink()).toBe(true);
    expect(isSvg(join(dir, 'real.svg'))).toBe(true);
    await expectNoTemporaries(dir);
  });
});

describe('nn-compare writes as nn-train does', () => {
  const compare = (args: string[]) =>
    runHere('nn-compare', ['--vary', 'lr=0.1,0.5', ...TINY_TRAINING, ...args]);

  it('--plot onto a link: the link stays a link, its target is the figure', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'real.svg'), 'old');
    symlinkSync('real.svg', join(dir, 'link.svg'));
    const outcome = await compare(['--plot', join(dir, 'link.svg')]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(lstatSync(join(dir, 'link.svg')).isSymbolicLink()).toBe(true);
    expect(isSvg(join(dir, 'real.svg'))).toBe(true);
    await expectNoTemporaries(dir);
  });

  it('--save-dir onto a regular file: one line, exit 2, before training, the file kept', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'taken'), 'keep me');
    const before = await fingerprint(dir);
    const outcome = await compare(['--save-dir', join(dir, 'taken')]);
    expect(outcome.status).toBe(2);
    expectOneLine(outcome.stderr, 'nn-compare', /--save-dir .*taken/);
    expect(outcome.stdout).toBe('');
    await expectUnchanged(dir, before);
  });

  it('--save-dir: every run saved, no temporary file left', async () => {
    const dir = join(scratch(), 'models');
    const outcome = await compare(['--save-dir', dir]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['001-lr=0.1.json', '002-lr=0.5.json']);
    for (const file of readdirSync(dir)) {
      expect(() => parseModel(readFileSync(join(dir, file), 'utf8'))).not.toThrow();
    }
    await expectNoTemporaries(dir);
  });
});

describe('--save and --plot onto a device or a FIFO write into it', () => {
  it('--save onto a character device (a /dev/null stand-in): still that device, nothing else made', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'null'), 'null');
    const outcome = await train(['--save', join(dir, 'null')]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(outcome.stdout).toContain(`saved the model to ${join(dir, 'null')}`);
    expect(statSync(join(dir, 'null')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('nn-eval --plot onto a character device: still that device, nothing else made', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'null.svg'), 'null');
    const outcome = await runCommand('nn-eval', [
      oldModel,
      '--source',
      'bundled',
      '--limit',
      '100',
      '--plot',
      join(dir, 'null.svg'),
    ]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(statSync(join(dir, 'null.svg')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null.svg']);
  });

  it('--save onto a FIFO with a reader: the reader gets the whole model, the FIFO stays', async (context) => {
    context.skip(whyNoFifos !== undefined, whyNoFifos);
    const dir = scratch();
    const fifo = join(dir, 'fifo');
    makeFifo(fifo);
    const [text, outcome] = await Promise.all([readFifo(fifo), trainSpawned(['--save', fifo])]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(parseModel(text, 'fifo').seed).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['fifo']);
  });
});

describe('long file names', () => {
  it('--save to a legal name of 250 bytes: saved, no temporary file left', async () => {
    const dir = scratch();
    const name = `${'m'.repeat(245)}.json`;
    const outcome = await train(['--save', join(dir, name)]);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(modelIn(join(dir, name)).seed).toBe(0);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('--save to a name over the 255-byte limit: one line, exit 2, before training', async () => {
    const dir = scratch();
    // 128 two-byte characters: 256 bytes, though only 133 characters.
    const name = `${'é'.repeat(128)}.json`;
    const outcome = await train(['--save', join(dir, name)]);
    expect(outcome.status).toBe(2);
    expectOneLine(outcome.stderr, 'nn-train', /^nn-train: --save .*\.json: file name too long$/);
    expect(outcome.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a full file system', () => {
  it('--save: "no space left on device; the model was not saved", exit 1, old model kept', async (context) => {
    context.skip(whyNoMounts !== undefined, whyNoMounts);
    // Room for the old model (841 KiB) and not for a second one beside it.
    const disk = smallDisk(1200);
    const target = copyModel(oldModel, join(disk, 'm.json'));
    const before = await fingerprint(disk);
    const outcome = await trainSpawned(['--save', target]);
    expect(outcome.status).toBe(1);
    expectOneLine(
      outcome.stderr,
      'nn-train',
      new RegExp(
        `^nn-train: cannot write ${target}: no space left on device; the model was not saved$`,
      ),
    );
    await expectUnchanged(disk, before);
    await expectNoTemporaries(disk);
  });

  it('--plot: names the figure that was not saved, exit 1, old figure kept', async (context) => {
    context.skip(whyNoMounts !== undefined, whyNoMounts);
    // Two pages: the old figure takes one, the new one needs two.
    const disk = smallDisk(8);
    writeFileSync(join(disk, 'fig.svg'), '<svg>old</svg>');
    const before = await fingerprint(disk);
    const outcome = await train(['--plot', join(disk, 'fig.svg')]);
    expect(outcome.status).toBe(1);
    expectOneLine(
      outcome.stderr,
      'nn-train',
      /cannot write .*fig\.svg: no space left on device; the figure was not saved$/,
    );
    await expectUnchanged(disk, before);
    await expectNoTemporaries(disk);
  });

  it('--save onto a full device (a /dev/full stand-in): written through, fails, still the device', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'full'), 'full');
    const outcome = await train(['--save', join(dir, 'full')]);
    expect(outcome.status).toBe(1);
    expectOneLine(
      outcome.stderr,
      'nn-train',
      /cannot write .*full: no space left on device; the model was not saved$/,
    );
    expect(statSync(join(dir, 'full')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['full']);
  });
});

describe('a read-only file system', () => {
  it('--save into it: refused before training, exit 2, the old model kept', async (context) => {
    context.skip(whyNoMounts !== undefined, whyNoMounts);
    const disk = smallDisk(1200);
    const target = copyModel(oldModel, join(disk, 'm.json'));
    remountReadOnly(disk);
    const before = await fingerprint(disk);
    const outcome = await train(['--save', target]);
    expect(outcome.status).toBe(2);
    expectOneLine(
      outcome.stderr,
      'nn-train',
      /--save .*m\.json: directory .* is not writable \(read-only file system\)$/,
    );
    expect(outcome.stdout).toBe('');
    await expectUnchanged(disk, before);
    await expectNoTemporaries(disk);
  });
});

describe('Ctrl-C during the save', () => {
  /**
   * One run: Ctrl-C while training, so the model is saved after the iteration; when the save's
   * temporary file appears the process is stopped (SIGSTOP), and if the file is still there the
   * second Ctrl-C is queued before it continues. Says whether the save was caught midway.
   */
  async function interruptTheSave(dir: string, target: string) {
    const child = spawn(
      process.execPath,
      [
        binOf('nn-train'),
        ...SMALL,
        '--seed',
        '0',
        // A model of 5 MB: writing and flushing it takes long enough to be caught.
        ...['--hidden', '300', '--iters', '1000000', '--eval-every', '1000000', '--threads', '1'],
        ...['--save', target],
      ],
      { env: cleanEnv({ NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let isCaught = false;
    let isStopped = false;
    let isInterrupted = false;
    const watcher = watch(dir, (_event, name) => {
      // Before the first Ctrl-C, a temporary file is the check of --save made at the start.
      if (!isInterrupted || isStopped || name === null || !/^\..+\.tmp$/.test(name)) return;
      isStopped = true;
      child.kill('SIGSTOP');
      isCaught = existsSync(join(dir, name));
      if (isCaught) child.kill('SIGINT');
      child.kill('SIGCONT');
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!isInterrupted && /^epoch 0 ·/m.test(stdout)) {
        isInterrupted = true;
        child.kill('SIGINT');
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    watcher.close();
    return { isCaught, status, stdout, stderr };
  }

  it('a second Ctrl-C midway through the save: exit 130, no temporary file, old model kept', async () => {
    const dir = scratch();
    const target = copyModel(oldModel, join(dir, 'm.json'));
    const before = await fingerprint(dir);
    // The save lasts a fraction of a second: a busy machine can let it finish before the watcher
    // sees its file. A run that was not caught midway proves nothing and is repeated.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const run = await interruptTheSave(dir, target);
      if (!run.isCaught) {
        await expectNoTemporaries(dir);
        writeFileSync(target, readFileSync(oldModel));
        continue;
      }
      expect(run.status, run.stderr).toBe(130);
      expectOneLine(run.stderr, 'nn-train', /interrupted: stopping after this iteration/);
      expect(run.stdout).not.toContain('saved the model');
      await expectNoTemporaries(dir);
      await expectUnchanged(dir, before);
      return;
    }
    expect.fail('in three runs the second Ctrl-C never came while the save was under way');
  });
});
