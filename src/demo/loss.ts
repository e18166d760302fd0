// book 4.2.1-4.2.2: the two losses on a ten-class output whose answer is "2".

import { crossEntropyError, sumSquaresError } from '../nn/functions.js';

export interface LossCase {
  /** the digit the output favours */
  favoured: number;
  y: number[];
  sumSquaresError: number;
  crossEntropyError: number;
}

export interface LossDemo {
  t: number[];
  cases: LossCase[];
}

export function lossDemo(): LossDemo {
  const t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
  const outputs: [number, number[]][] = [
    [2, [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]],
    [7, [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]],
  ];
  return {
    t,
    cases: outputs.map(([favoured, y]) => ({
      favoured,
      y,
      sumSquaresError: sumSquaresError(y, t),
      crossEntropyError: crossEntropyError(y, t),
    })),
  };
}
