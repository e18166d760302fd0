// nn-grad net's report: the book's per-parameter mean |Δ| (gradient_check.py prints
// "W1:2.6e-13"), the largest |Δ| and relative error, why the magnitudes are what they are, and
// a verdict.

import type { ChalkInstance } from 'chalk';
import type { NetworkSpec } from '../nn/network.js';
import {
  TOLERANCE_WITH_DELTA,
  ZERO_GRADIENT,
  type GradientCheckResult,
} from '../train/gradient-check.js';
import { networkLabel } from './network-label.js';

export interface GradCheckSetting {
  network: NetworkSpec;
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
  const width = Math.max(6, ...result.params.map((p) => p.name.length + 1));
  const lines = [
    `backprop vs numerical gradients of a fresh ${networkLabel(setting.network)}, ` +
      `first ${setting.samples} training samples, seed ${setting.seed}`,
    '',
    `${'param'.padEnd(width)}${'mean |Δ|'.padStart(10)}${'max |Δ|'.padStart(10)}${'max rel'.padStart(10)}`,
  ];
  for (const p of result.params) {
    const rel = p.isZero ? '≈ 0 both ways' : exp(p.maxRel);
    lines.push(
      `${p.name.padEnd(width)}${exp(p.meanAbs).padStart(10)}${exp(p.maxAbs).padStart(10)}` +
        `${rel.padStart(p.isZero ? 15 : 10)}`,
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
    if (result.tolerance > TOLERANCE_WITH_DELTA) {
      lines.push(
        chalk.dim(
          `A sample's label has y = ${exp(result.labelProbability)}: delta / y is ` +
            `${exp(setting.delta / result.labelProbability)}, so the tolerance is ten times that.`,
        ),
      );
    }
  } else {
    lines.push(
      chalk.dim('No delta in the log: what is left is rounding and the O(h²) truncation.'),
    );
  }
  const zeros = result.params.filter((p) => p.isZero).map((p) => p.name);
  if (zeros.length > 0) {
    lines.push(
      chalk.dim(
        `${zeros.join(', ')}: zero in exact arithmetic (batch norm takes away any shift of its ` +
          `input), so both sides are rounding, below ${ZERO_GRADIENT} × the loss; not judged.`,
      ),
    );
  }
  if (result.leftOut > 0) {
    const counts = result.params
      .filter((p) => p.leftOut > 0)
      .map((p) => `${p.leftOut} of ${p.name}`)
      .join(', ');
    lines.push(
      chalk.dim(`Left out: ${counts}: nudging them by ±h = 1e-4 moves a ReLU's input across 0,`),
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
