// nn-grad net's report: the book's per-parameter mean |Δ| (gradient_check.py prints
// "W1:2.6e-13"), the largest |Δ| and relative error, why the magnitudes are what they are, and
// a verdict.

import type { ChalkInstance } from 'chalk';
import type { GradientCheckResult } from '../train/gradient-check.js';

export interface GradCheckSetting {
  activation: string;
  hiddenSize: number;
  samples: number;
  seed: number;
  delta: number;
}

const exp = (value: number) => value.toExponential(1);

export function gradCheckLines(
  result: GradientCheckResult,
  setting: GradCheckSetting,
  chalk: ChalkInstance,
): string[] {
  const lines = [
    `backprop vs numerical gradients of a fresh TwoLayerNet 784-${setting.hiddenSize}-10 ` +
      `${setting.activation}, first ${setting.samples} training samples, seed ${setting.seed}`,
    '',
    `${'param'.padEnd(6)}${'mean |Δ|'.padStart(10)}${'max |Δ|'.padStart(10)}${'max rel'.padStart(10)}`,
  ];
  for (const p of result.params) {
    lines.push(
      `${p.name.padEnd(6)}${exp(p.meanAbs).padStart(10)}${exp(p.maxAbs).padStart(10)}` +
        `${exp(p.maxRel).padStart(10)}`,
    );
  }
  lines.push('');
  lines.push(chalk.dim('max rel = max |Δ| / max |gradient| of the parameter'));
  if (setting.delta > 0) {
    lines.push(
      chalk.dim(
        `The loss is -log(y + ${setting.delta}), as in the book's cross_entropy_error; backprop ` +
          'differentiates -log y.',
      ),
      chalk.dim('The two differ by ≈ delta / y (≈ 1e-6 at y ≈ 0.1), so |Δ| is ≈ 1e-10…1e-7;'),
      chalk.dim("--no-delta removes the delta and gives the book's ≈ 1e-13…1e-10."),
    );
  } else {
    lines.push(
      chalk.dim('No delta in the log: what is left is rounding and the O(h²) truncation.'),
    );
  }
  if (result.kinkUnits.length > 0) {
    const isPlural = result.kinkUnits.length > 1;
    lines.push(
      chalk.dim(
        `Left out: W1 and b1 of hidden unit${isPlural ? 's' : ''} ${result.kinkUnits.join(', ')}: ` +
          `${isPlural ? 'their' : 'its'} ReLU input is within h = 1e-4 of 0,`,
      ),
      chalk.dim('where a central difference straddles the kink and is not a derivative.'),
    );
  }
  const comparison = `max rel ${exp(result.maxRel)} ${result.isPassed ? '≤' : '>'} tolerance ${exp(result.tolerance)}`;
  lines.push(
    result.isPassed
      ? `${chalk.green.bold('OK')}: backprop agrees with the numerical gradient (${comparison})`
      : `${chalk.red.bold('MISMATCH')}: backprop and the numerical gradient disagree (${comparison})`,
  );
  return lines;
}
