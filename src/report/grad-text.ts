// nn-grad's report: the numerical and exact gradients side by side, errors, and a verdict.

import type { ChalkInstance } from 'chalk';
import { ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, type GradientCheck } from '../expr/check.js';
import type { NamedFunction } from '../expr/named.js';
import { pyRepr } from './format.js';

function error(value: number): string {
  if (!Number.isFinite(value)) return pyRepr(value);
  return value === 0 ? '0' : value.toExponential(2);
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('   ')
      .trimEnd(),
  );
}

export function gradCheckText(check: GradientCheck, chalk: ChalkInstance): string[] {
  const variables = check.components.map((c) => c.variable);
  const header = `f(${variables.join(', ')}) = ${check.expression}`;
  const point =
    check.at.length === 1 ? `${variables[0]} = ${check.at[0]}` : `(${check.at.join(', ')})`;
  const rows = table([
    ['', 'numerical', 'exact', 'abs error', 'rel error'],
    ...check.components.map((c) => [
      `df/d${c.variable}`,
      pyRepr(c.numerical),
      pyRepr(c.exact),
      error(c.absoluteError),
      error(c.relativeError),
    ]),
  ]);
  const tolerance =
    `relative error <= ${pyRepr(RELATIVE_TOLERANCE)} ` +
    `or absolute error <= ${pyRepr(ABSOLUTE_TOLERANCE)}`;
  let verdict: string;
  if (check.verdict === 'agree') {
    verdict = `${chalk.green('agree')} (every component has ${tolerance})`;
  } else if (check.verdict === 'disagree') {
    const off = check.components.filter((c) => !c.agrees).map((c) => `df/d${c.variable}`);
    verdict =
      `${chalk.red('disagree')} (${off.join(', ')} outside ${tolerance}: ` +
      'a wrong derivative, or a step --h too large or too small here)';
  } else {
    verdict = `${chalk.yellow('cannot compare')} (f or its gradient is not finite here)`;
  }
  return [
    header,
    `at ${point}: f = ${pyRepr(check.value)}, ` + `h = ${pyRepr(check.h)}, central differences`,
    ...rows,
    `verdict: ${verdict}`,
  ];
}

export function namedFunctionsText(functions: readonly NamedFunction[]): string[] {
  const rows = table([
    ['name', 'default --at', 'f'],
    ...functions.map((f) => [f.name, f.at.join(','), f.expression]),
  ]);
  const aboutIndent = ' '.repeat(Math.max(...functions.map((f) => f.name.length)) + 3);
  return [rows[0], ...functions.flatMap((f, i) => [rows[i + 1], `${aboutIndent}${f.about}`])];
}
