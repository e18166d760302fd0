import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './spawn-cli.js';

const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
const env = { ...process.env, NO_COLOR: '1' };

describe('every command', () => {
  for (const [name, args] of [
    ['nn-train', ['--itres', '5']],
    ['nn-demo', ['descent', '--lrr', '1']],
    ['nn-data', ['info', '--jsn']],
    ['nn-eval', ['model.json', '--mistaks', '3']],
    ['nn-grad', ['--att', '3,4']],
  ] as const) {
    it(`${name} reports a misspelt option on one line, with the suggestion, and exits 2`, async () => {
      const result = await run(bin(name), [...args], env);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(`^${name}: unknown option '--\\w+' \\(did you mean --\\w+\\?\\)\\n$`),
      );
    });
  }

  it('nn-grad net is reachable as a subcommand of nn-grad', async () => {
    const result = await run(bin('nn-grad'), ['net', '--help'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: nn-grad net/);
  });
});
