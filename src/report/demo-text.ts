// The worked examples as text: the numbers the book prints, printed as Python prints them, and
// one line saying what they show.

import type { BatchDemo } from '../demo/batch.js';
import { descentOutcome, type DescentOutcome, type DescentRun } from '../demo/descent.js';
import type { DiffDemo, GradientDemo, PartialDemo } from '../demo/derivatives.js';
import type { LossDemo } from '../demo/loss.js';
import type { SimpleNetDemo } from '../demo/simplenet.js';
import { numpyArray, numpyIntArray, numpyMatrix, pyRepr, pyShape } from './format.js';

/** Every line of the worked examples fits an 80-column terminal. */
export const TEXT_WIDTH = 80;

/** Python's print of a list of floats: [0.0, 4.000000000004]. */
function pyList(values: readonly number[]): string {
  return `[${values.map(pyRepr).join(', ')}]`;
}

export function lossText(demo: LossDemo): string[] {
  const lines = [
    'Loss functions (book 4.2.1-4.2.2); the answer is "2", as a one-hot target:',
    `t = ${numpyIntArray(demo.t)}`,
  ];
  for (const c of demo.cases) {
    lines.push(
      `y = ${numpyArray(c.y)}  ("${c.favoured}" most likely)`,
      `  sumSquaresError(y, t)   = ${pyRepr(c.sumSquaresError)}`,
      `  crossEntropyError(y, t) = ${pyRepr(c.crossEntropyError)}`,
    );
  }
  lines.push(
    'Both losses are smaller when the output puts its weight on the right answer.',
    'The book prints 2.3025840929945454 for the second cross-entropy: its log() was',
    'one unit in the last place below the correctly rounded value numpy gives today.',
  );
  return lines;
}

export function diffText(demo: DiffDemo): string[] {
  const calls = demo.points.map((p) => `numericalDiff(f, ${p.x})`);
  const width = Math.max(...calls.map((c) => c.length));
  return [
    'Numerical derivative of f(x) = 0.01x^2 + 0.1x (book 4.3.2),',
    'central difference, h = 1e-4:',
    ...demo.points.map(
      (p, i) => `  ${calls[i].padEnd(width)} = ${pyRepr(p.numerical)}   exact ${pyRepr(p.exact)}`,
    ),
    "The gap to the exact f'(x) = 0.02x + 0.1, about 1e-12, is rounding error.",
  ];
}

export function partialText(demo: PartialDemo): string[] {
  const [x0, x1] = demo.at;
  return [
    `Partial derivatives of f(x0, x1) = x0^2 + x1^2 at (${x0}, ${x1}) (book 4.3.3):`,
    ...demo.partials.map((p) => `  df/d${p.variable} = ${pyRepr(p.numerical)}   exact ${p.exact}`),
    'Each is an ordinary derivative of f with the other variable held at its value.',
  ];
}

export function gradientText(demo: GradientDemo): string[] {
  const texts = demo.points.map((p) => pyList(p.gradient));
  const width = Math.max(...texts.map((t) => t.length));
  return [
    'numericalGradient of f(x0, x1) = x0^2 + x1^2 (book 4.4); numpy rounds it:',
    ...demo.points.map(
      (p, i) => `  at (${p.at.join(', ')}): ${texts[i].padEnd(width)}   ${numpyArray(p.gradient)}`,
    ),
    'The exact gradient is (2x0, 2x1); -gradient points to the minimum at (0, 0).',
  ];
}

const OUTCOMES: Record<DescentOutcome, string> = {
  converged: 'reaches the minimum at (0, 0)',
  frozen: 'too large: it diverges, then freezes (see below)',
  diverged: 'too large: it diverges',
  overflowed: 'the numbers overflowed to inf or nan: lr or the start is too large',
  stalled: 'too small: it has barely moved',
  moving: 'still on its way to (0, 0)',
};

export function descentText(runs: readonly DescentRun[]): string[] {
  const first = runs[0];
  const labels = runs.map((r) => `lr ${pyRepr(r.lr)}:`);
  const results = runs.map((r) => numpyArray(r.x));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const resultWidth = Math.max(...results.map((r) => r.length));
  const isAnyFrozen = runs.some((r) => descentOutcome(r) === 'frozen');
  // A run whose outcome does not fit beside its result says it on the next line.
  const runLines = runs.flatMap((r, i) => {
    const head = `  ${labels[i].padEnd(labelWidth)} ${results[i]}`;
    const line = `${head.padEnd(3 + labelWidth + resultWidth)}   ${OUTCOMES[descentOutcome(r)]}`;
    if (line.length <= TEXT_WIDTH) return [line];
    return [head, `${' '.repeat(3 + labelWidth)}${OUTCOMES[descentOutcome(r)]}`];
  });
  return [
    'gradientDescent on f(x0, x1) = x0^2 + x1^2 (book 4.4.1)',
    `from (${first.init.join(', ')}), ${first.steps} steps:`,
    ...runLines,
    ...(isAnyFrozen
      ? [
          'It freezes because x is so large that x + h and x - h round back to x',
          '(h = 1e-4 is under half a unit in its last place): f(x + h) - f(x - h) = 0,',
          'so every later step is 0.',
        ]
      : []),
  ];
}

export function simpleNetText(demo: SimpleNetDemo): string[] {
  const source =
    demo.seed === null
      ? 'the weights the book prints'
      : `np.random.randn(2, 3) after seed ${demo.seed}`;
  return [
    'simpleNet (book 4.4.2): x -> x·W -> softmax -> cross-entropy,',
    `W from ${source}:`,
    `W = ${indent(numpyMatrix(demo.W), 4)}`,
    `x = ${numpyArray(demo.x)}, t = ${numpyIntArray(demo.t)}`,
    `p = net.predict(x) = ${numpyArray(demo.p)}`,
    `np.argmax(p) = ${demo.argmax}`,
    `net.loss(x, t) = ${pyRepr(demo.loss)}`,
    'dW = numericalGradient(f, net.W) =',
    numpyMatrix(demo.dW),
    'dW[i][j] is how fast the loss grows with W[i][j]: step against dW to lower it.',
    ...(demo.seed === null
      ? [
          '(The book ran with W to more digits than it prints, so dW differs from its',
          'print in the seventh decimal.)',
        ]
      : []),
  ];
}

export function batchText(demo: BatchDemo, source: string): string[] {
  return [
    `Mini-batch (book 4.2.3), MNIST from ${source}:`,
    `x_train.shape = ${pyShape(demo.xTrainShape)}`,
    `t_train.shape = ${pyShape(demo.tTrainShape)}   (one-hot labels)`,
    `batch_mask = np.random.choice(${demo.xTrainShape[0]}, ${demo.batchMask.length})` +
      ` after np.random.seed(${demo.seed}):`,
    numpyIntArray(demo.batchMask),
    `labels of the batch: ${numpyIntArray(demo.labels)}`,
    `x_batch.shape = ${pyShape(demo.xBatchShape)}, t_batch.shape = ${pyShape(demo.tBatchShape)}`,
    'The loss of a random mini-batch estimates the loss over all the training data.',
  ];
}

function indent(block: string, spaces: number): string {
  return block.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}
