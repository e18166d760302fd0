import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeWriteError, Io, Output } from '../../src/cli/io.js';
import { standIn } from './in-process.js';

function errno(code: string, message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = code;
  return error;
}

/** A stream whose first `good` writes succeed and the rest fail with `error`. */
function failingAfter(good: number, error: NodeJS.ErrnoException) {
  const written: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      if (written.length < good) {
        written.push(chunk);
        callback();
      } else {
        callback(error);
      }
    },
  });
  return { stream, written };
}

describe('describeWriteError', () => {
  it("turns Node's message into the words and the code", () => {
    expect(describeWriteError(errno('ENOSPC', 'ENOSPC: no space left on device, write'))).toBe(
      'no space left on device (ENOSPC)',
    );
    expect(describeWriteError(errno('EIO', 'EIO: i/o error, write'))).toBe('i/o error (EIO)');
    expect(describeWriteError(new Error('something else'))).toBe('something else');
  });
});

describe('Output', () => {
  it('passes writes through while the stream works', async () => {
    const { stream, written } = failingAfter(10, errno('EIO', 'EIO: i/o error, write'));
    const output = new Output(stream, () => undefined);
    output.write('a');
    output.write('b');
    await output.settled();
    expect(written).toEqual(['a', 'b']);
    expect(output.state).toBe('open');
  });

  it('reports the first failure once, then drops what follows', async () => {
    const failures: string[] = [];
    const { stream, written } = failingAfter(1, errno('ENOSPC', 'ENOSPC: no space, write'));
    const output = new Output(stream, (error) => failures.push(error.code ?? ''));
    for (const text of ['one', 'two', 'three', 'four']) output.write(text);
    await output.settled();
    expect(written).toEqual(['one']);
    expect(failures).toEqual(['ENOSPC']);
    expect(output.state).toBe('failed');
  });

  it('takes a closed pipe for the reader leaving, not a failure', async () => {
    const failures: unknown[] = [];
    const stops: string[] = [];
    const { stream } = failingAfter(0, errno('EPIPE', 'EPIPE: broken pipe, write'));
    const output = new Output(stream, (error) => failures.push(error));
    output.onStop((state) => stops.push(state));
    output.write('lost');
    await output.settled();
    expect(output.state).toBe('closed');
    expect(stops).toEqual(['closed']);
    expect(failures).toEqual([]);
  });

  it('reports columns only for a terminal', () => {
    expect(new Output(standIn({ columns: 72 }).stdout, () => undefined).columns).toBe(72);
    expect(new Output(standIn().stdout, () => undefined).columns).toBeUndefined();
  });
});

describe('Io', () => {
  it('says a failed stdout in one line on stderr, and counts the output as lost', async () => {
    const stand = standIn({ stdoutError: 'ENOSPC' });
    const io = new Io('nn-test', stand.terminal);
    io.out.write('lost\n');
    io.out.write('lost too\n');
    await io.settled();
    expect(stand.stderr.text).toBe(
      'nn-test: cannot write to standard output: no space left on device (ENOSPC)\n',
    );
    expect(io.isOutputLost).toBe(true);
  });

  it('goes on without a word when stderr fails, and counts nothing lost', async () => {
    const stand = standIn({ stderrError: 'EIO' });
    const io = new Io('nn-test', stand.terminal);
    io.err.write('a note\n');
    io.out.write('the output\n');
    await io.settled();
    expect(stand.stdout.text).toBe('the output\n');
    expect(io.isOutputLost).toBe(false);
  });

  it('colours only where asked, as the environment and the stream say', () => {
    const plain = new Io('nn-test', standIn().terminal);
    expect(plain.chalk(undefined).level).toBe(0);
    const terminal = new Io('nn-test', standIn({ columns: 80 }).terminal);
    expect(terminal.chalk(undefined).level).toBeGreaterThan(0);
    expect(terminal.chalk(false).level).toBe(0);
    const forced = new Io('nn-test', standIn({ env: { FORCE_COLOR: '1' } }).terminal);
    expect(forced.chalk(undefined).level).toBeGreaterThan(0);
    const noColor = new Io('nn-test', standIn({ columns: 80, env: { NO_COLOR: '1' } }).terminal);
    expect(noColor.chalk(undefined).level).toBe(0);
  });
});
