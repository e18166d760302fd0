// README.ko.md puts a command beside each of the book's sections. A reader copies them, so each
// must name a command, topic or experiment that exists, and only options that command takes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/cli/compare.js';
import { demoCommand } from '../../src/cli/demo.js';
import { gradCommand } from '../../src/cli/grad.js';
import type { CliCommand } from '../../src/cli/run.js';
import { trainCommand } from '../../src/cli/train.js';
import { runInProcess } from '../cli/in-process.js';

const README = readFileSync(new URL('../../README.ko.md', import.meta.url), 'utf8');

const COMMANDS: Record<string, CliCommand> = {
  'nn-train': trainCommand,
  'nn-compare': compareCommand,
  'nn-demo': demoCommand,
  'nn-grad': gradCommand,
};

/** Every `npx nn-… …` in the file, split into words. */
function commandLines(): string[][] {
  return [...README.matchAll(/`npx (nn-[a-z]+)([^`]*)`/g)].map((match) => [
    match[1],
    ...match[2].trim().split(/\s+/).filter(Boolean),
  ]);
}

/** The --help text of the command, or of its subcommand when the first word names one. */
async function helpOf(command: CliCommand, words: string[]): Promise<string> {
  const main = await runInProcess(command, ['--help']);
  const sub = words[0];
  if (sub === undefined || sub.startsWith('-')) return main.stdout;
  const subHelp = await runInProcess(command, [sub, '--help']);
  return subHelp.status === 0 ? `${main.stdout}\n${subHelp.stdout}` : main.stdout;
}

describe('README.ko.md', () => {
  const lines = commandLines();

  it('gives a command for each section it lists', () => {
    expect(lines.length).toBeGreaterThanOrEqual(15);
  });

  it.each(lines.map((words) => [words.join(' '), words] as const))(
    '%s: the command, its topic and its options exist',
    async (_, [name, ...words]) => {
      const command = COMMANDS[name];
      expect(command, `${name} is one of the tool's commands`).toBeDefined();
      const help = await helpOf(command, words);
      const [first] = words;
      if (first !== undefined && !first.startsWith('-')) {
        expect(help).toMatch(new RegExp(`\\b${first}\\b`));
      }
      for (const option of words.filter((word) => word.startsWith('--'))) {
        expect(help, `${name} takes ${option}`).toContain(option);
      }
    },
  );

  it('links to the English README, which links back', () => {
    expect(README).toContain('(README.md)');
    const english = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(english).toContain('(README.ko.md)');
  });
});
