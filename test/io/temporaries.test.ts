import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  releaseTemporary,
  removeTemporariesSync,
  temporaryPathFor,
} from '../../src/io/temporaries.js';

const bytes = (name: string) => Buffer.byteLength(name);

describe('temporaryPathFor', () => {
  it('names a hidden .tmp file beside the target: .<name>.<pid>.<hex>.tmp', () => {
    const temporary = temporaryPathFor('/some/dir/model.json');
    releaseTemporary(temporary);
    expect(dirname(temporary)).toBe('/some/dir');
    expect(basename(temporary)).toMatch(
      new RegExp(`^\\.model\\.json\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`),
    );
  });

  it('keeps the whole name of every MNIST file, so the download cache can read the pid back', () => {
    const temporary = temporaryPathFor('/cache/train-images-idx3-ubyte');
    releaseTemporary(temporary);
    expect(basename(temporary)).toMatch(
      new RegExp(`^\\.train-images-idx3-ubyte\\.${process.pid}\\.[0-9a-f]+\\.tmp$`),
    );
  });

  it('is never longer than the target name once that is over 64 bytes: a legal name stays legal', () => {
    for (const name of [
      'a'.repeat(250) + '.json',
      'é'.repeat(126) + '.j',
      '模型'.repeat(42),
      'x'.repeat(255),
    ]) {
      const temporary = basename(temporaryPathFor(`/d/${name}`));
      releaseTemporary(temporary);
      expect(bytes(temporary), name).toBeLessThanOrEqual(bytes(name));
      expect(temporary).toMatch(/^\..+\.tmp$/);
      // Cut between characters, never inside one.
      expect(temporary).not.toContain('\uFFFD');
      expect(temporary.startsWith(`.${name.slice(0, 20)}`)).toBe(true);
    }
  });

  it('fits short names whole and medium ones in 64 bytes', () => {
    const short = basename(temporaryPathFor('/d/m.json'));
    const medium = basename(temporaryPathFor(`/d/${'m'.repeat(60)}`));
    releaseTemporary(join('/d', short));
    releaseTemporary(join('/d', medium));
    expect(short.startsWith('.m.json.')).toBe(true);
    expect(bytes(medium)).toBe(64);
  });

  it('gives each call its own name', () => {
    const names = new Set(Array.from({ length: 100 }, () => temporaryPathFor('/d/m.json')));
    for (const name of names) releaseTemporary(name);
    expect(names.size).toBe(100);
  });
});

describe('removeTemporariesSync', () => {
  it('removes the registered files that exist, and keeps released ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-temporaries-'));
    const live = temporaryPathFor(join(dir, 'a.json'));
    const released = temporaryPathFor(join(dir, 'b.json'));
    const neverMade = temporaryPathFor(join(dir, 'c.json'));
    writeFileSync(live, 'half');
    writeFileSync(released, 'renamed away by now, in real use');
    releaseTemporary(released);
    expect(() => removeTemporariesSync()).not.toThrow();
    expect(existsSync(live)).toBe(false);
    expect(existsSync(released)).toBe(true);
    expect(existsSync(neverMade)).toBe(false);
  });

  it('runs on every way out through process.exit: a SIGTERM handler that exits 143', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-temporaries-'));
    const module = fileURLToPath(new URL('../../dist/io/temporaries.js', import.meta.url));
    // What src/cli does: the exit hook, and a signal handler that ends through process.exit.
    const script = `
      import { writeFileSync } from 'node:fs';
      import { removeTemporariesSync, temporaryPathFor } from ${JSON.stringify(module)};
      process.on('exit', removeTemporariesSync);
      process.on('SIGTERM', () => process.exit(143));
      writeFileSync(temporaryPathFor(${JSON.stringify(join(dir, 'model.json'))}), 'half');
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    let whileRunning: string[] = [];
    child.stdout.once('data', () => {
      whileRunning = readdirSync(dir);
      child.kill('SIGTERM');
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(143);
    expect(whileRunning).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});
