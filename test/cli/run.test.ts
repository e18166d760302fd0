// What every command shares, run in this process: usage errors, --version, help on the streams
// it is given. (The exit codes a real process ends with are the fault catalogue's: test/faults/.)

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataCommand } from '../../src/cli/data.js';
import { demoCommand } from '../../src/cli/demo.js';
import { evalCommand } from '../../src/cli/eval.js';
import { gradCommand } from '../../src/cli/grad.js';
import { trainCommand } from '../../src/cli/train.js';
import { runInProcess } from './in-process.js';

const COMMANDS = [trainCommand, demoCommand, dataCommand, evalCommand, gradCommand];

describe('every command', () => {
  for (const [command, args] of [
    [trainCommand, ['--itres', '5']],
    [demoCommand, ['descent', '--lrr', '1']],
    [dataCommand, ['info', '--jsn']],
    [evalCommand, ['model.json', '--mistaks', '3']],
    [gradCommand, ['--att', '3,4']],
  ] as const) {
    it(`${command.name} reports a misspelt option on one line, with the suggestion, and exits 2`, async () => {
      const result = await runInProcess(command, [...args]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(`^${command.name}: unknown option '--\\w+' \\(did you mean --\\w+\\?\\)\\n$`),
      );
    });
  }

  it('nn-grad net is reachable as a subcommand of nn-grad', async () => {
    const result = await runInProcess(gradCommand, ['net', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: nn-grad net/);
  });

  it('prints the package version with -V and --version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    for (const command of COMMANDS) {
      for (const flag of ['-V', '--version']) {
        const outcome = await runInProcess(command, [flag]);
        expect(outcome, `${command.name} ${flag}`).toEqual({
          status: 0,
          stdout: `${version}\n`,
          stderr: '',
        });
      }
    }
  });

  it("writes commander's help and usage errors to the streams it is given", async () => {
    for (const command of COMMANDS) {
      const help = await runInProcess(command, ['--help'], { columns: 100 });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: ${command.name} `));
      for (const line of help.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
      const wrong = await runInProcess(command, ['--no-such-option']);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toMatch(new RegExp(`^${command.name}: unknown option`));
    }
  });
});
