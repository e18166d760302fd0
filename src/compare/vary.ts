// nn-compare --vary: each `--vary option=a,b,c` is an axis, and the runs are every combination,
// the first axis varying slowest (as nested loops in the order given). A run's name lists its
// settings as given: `lr=0.01 hidden=50`.

import { ConfigError } from '../core/errors.js';

/** More runs than this is almost surely a typo, and hours of training. */
export const MAX_VARY_RUNS = 256;

export interface VaryAxis {
  /** The nn-train option's long name without its dashes: 'lr', 'hidden', 'batch-size'. */
  option: string;
  /** The values as written on the command line. */
  values: string[];
}

export interface VaryCombination {
  name: string;
  settings: { option: string; value: string }[];
}

/** `lr=0.01,0.1` → { option: 'lr', values: ['0.01', '0.1'] }; ConfigError when malformed. */
export function parseVary(text: string): VaryAxis {
  const equals = text.indexOf('=');
  const option = (equals === -1 ? text : text.slice(0, equals)).replace(/^--/, '').trim();
  if (equals === -1 || option === '') {
    throw new ConfigError(`--vary ${text}: write option=value,value (e.g. --vary lr=0.01,0.1)`);
  }
  // Lists of lists (--hidden 100,100) are separated by ';' or '/': --vary "hidden=50;100,100".
  const rest = text.slice(equals + 1);
  const separator = /[;/]/.test(rest) ? /[;/]/ : /,/;
  const values = rest.split(separator).map((value) => value.trim());
  if (values.some((value) => value === '')) {
    throw new ConfigError(`--vary ${text}: an empty value in the list`);
  }
  return { option, values };
}

/** Every combination of the axes' values, the first axis slowest. */
export function varyProduct(axes: readonly VaryAxis[]): VaryCombination[] {
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.option)) {
      throw new ConfigError(`--vary ${axis.option} is given twice: list all its values in one`);
    }
    seen.add(axis.option);
  }
  const count = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (count > MAX_VARY_RUNS) {
    throw new ConfigError(
      `--vary asks for ${count} runs (${axes.map((axis) => axis.values.length).join(' × ')}): ` +
        `at most ${MAX_VARY_RUNS}`,
    );
  }
  let combinations: VaryCombination['settings'][] = [[]];
  for (const axis of axes) {
    combinations = combinations.flatMap((settings) =>
      axis.values.map((value) => [...settings, { option: axis.option, value }]),
    );
  }
  return combinations.map((settings) => ({
    name: settings.map(({ option, value }) => `${option}=${value}`).join(' '),
    settings,
  }));
}
