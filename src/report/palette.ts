// The colours of the training and test numbers, wherever the terminal shows both: the epoch rows,
// the accuracy chart's markers and its legend, so that one colour always means one set.

import type { ChalkInstance } from 'chalk';

export function trainPaint(chalk: ChalkInstance): (text: string) => string {
  return chalk.cyan;
}

export function testPaint(chalk: ChalkInstance): (text: string) => string {
  return chalk.green;
}
