// Chapter 6's worked examples as text: the optimizers' paths (fig. 6-8) as numpy prints their
// points, and the activation histograms (figs. 6-10 to 6-14) as rows of block characters, each
// with a few words on what it shows.

import {
  activationOutcome,
  type ActivationOutcome,
  type ActivationRun,
  type ActivationsDemo,
  type WeightInit,
} from '../demo/activations.js';
import { bowl, type OptimizerPath, type OptimizersDemo } from '../demo/optimizers.js';
import { TEXT_WIDTH } from './demo-text.js';
import { numpyArray, pyGeneral } from './format.js';
import { packParts } from './text-width.js';

/** `text` wrapped at spaces to the text width, every line indented by `indent`. */
function wrap(text: string, indent = ''): string[] {
  const [first, ...rest] = text.split(' ');
  return packParts([indent + first, ...rest], TEXT_WIDTH, { separator: ' ', indent });
}

/** The constructor call of the script, e.g. Momentum(lr=0.1, momentum=0.9). */
export function optimizerCall(path: OptimizerPath): string {
  const { class: name, ...settings } = path.optimizer;
  const args = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `${name}(${args.join(', ')})`;
}

const SHOWN_STEPS = [0, 1, 2, 10, 20];

const PATH_REMARKS: Record<OptimizerPath['name'], string> = {
  SGD: 'zig-zags: it jumps across the valley at every step and only creeps along it.',
  Momentum:
    'rolls like a ball in a bowl: speed builds up along x, the pushes in y take turns and ' +
    'cancel, and it runs past the minimum and swings back.',
  AdaGrad:
    "its steps shrink where the gradients have been large: y's big first steps damp the " +
    'zig-zag at once, and it heads along x, ever more slowly.',
  Adam:
    "rolls like Momentum's ball, each parameter's steps scaled as AdaGrad's are: it sways " +
    'less than Momentum.',
};

export function optimizersText(demo: OptimizersDemo): string[] {
  const [x0, y0] = demo.init;
  const ends = demo.runs.map((run) => bowl(...run.end));
  const best = demo.runs[ends.indexOf(Math.min(...ends))];
  const blocks = demo.runs.flatMap((run, r) => {
    const points = [
      ...SHOWN_STEPS.filter((step) => step < run.x.length).map(
        (step) => `step ${step} ${numpyArray([run.x[step], run.y[step]])}`,
      ),
      `step ${demo.steps} ${numpyArray(run.end)}`,
    ];
    return [
      `${optimizerCall(run)}: f = ${pyGeneral(ends[r], 3)} after ${demo.steps} updates`,
      ...packParts(['  ' + points[0], ...points.slice(1)], TEXT_WIDTH, {
        separator: '   ',
        indent: '  ',
      }),
      ...wrap(PATH_REMARKS[run.name], '  '),
    ];
  });
  return [
    ...wrap(
      `SGD, Momentum, AdaGrad and Adam on f(x, y) = x²/20 + y² (book 6.1.7, fig. 6-8), ` +
        `${demo.steps} updates each from (${x0}, ${y0}); "step k" is the point after k ` +
        'updates. The gradient (x/10, 2y) is steep across the valley (y) and shallow along ' +
        'it (x), so it does not point at the minimum (0, 0).',
    ),
    ...blocks,
    ...wrap(
      `${best.name} ends lowest here. No method is best on every problem, and each ` +
        'depends on its learning rate.',
    ),
  ];
}

const BLOCKS = '▁▂▃▄▅▆▇█';
const ACTIVATION_NAMES = { sigmoid: 'sigmoid', relu: 'ReLU' } as const;

/**
 * The height a setting's histograms are drawn to: its tallest bar, or, when the first bin
 * (ReLU's zeros) is more than twice as tall as every other, the tallest of the others, the
 * first bar then being cut.
 */
export function histogramTop(run: ActivationRun): number {
  const first = Math.max(...run.layers.map((l) => l.counts[0]));
  const rest = Math.max(...run.layers.flatMap((l) => l.counts.slice(1)));
  return rest > 0 && first > 2 * rest ? rest : Math.max(first, rest);
}

/** One character a bin: blank when empty, else ▁ to █ by count over top (█ when cut). */
export function histogramBars(counts: readonly number[], top: number): string {
  return counts
    .map((count) =>
      count === 0 ? ' ' : BLOCKS[Math.min(BLOCKS.length, Math.ceil((count / top) * 8)) - 1],
    )
    .join('');
}

/** The script's line for the weights: w = np.random.randn(100, 100) * np.sqrt(1.0 / 100). */
export function weightLine(init: WeightInit, nodeNum: number): string {
  const factor =
    init === 'xavier'
      ? `np.sqrt(1.0 / ${nodeNum})`
      : init === 'he'
        ? `np.sqrt(2.0 / ${nodeNum})`
        : String(init);
  return `w = np.random.randn(${nodeNum}, ${nodeNum}) * ${factor}`;
}

const OUTCOMES: Record<ActivationOutcome, string> = {
  saturated:
    'Piled up at 0 and 1, where sigmoid is flat: its slope y(1 - y) is near 0 there, so the ' +
    'gradient fades at every layer on the way back: vanishing gradients.',
  collapsed:
    'All near 0.5: nothing saturates, but units that all give the same value could as well ' +
    'be one unit: the layers lose their expressiveness.',
  spread:
    "Spread over (0, 1) in every layer: the units differ and the gradients pass. Xavier's " +
    "std √(1/n), n = 100 inputs to a unit, is the book's choice for sigmoid.",
  vanishing:
    'Shrinking towards 0 layer after layer: the gradients shrink with the activations, and ' +
    'learning barely moves the weights.',
  shrinking:
    'Narrowing towards 0 layer by layer: the scale is too small for ReLU, which zeroes about ' +
    'half its inputs; a deeper network would vanish.',
  kept:
    "The same spread in every layer: He's std √(2/n) makes up for the half that ReLU " +
    'zeroes, so activations and gradients keep their size.',
  growing:
    "Growing layer by layer: the scale is too large for ReLU (He's is √(2/n)), and a deeper " +
    'network would overflow; values above 1 fall outside the histogram.',
};

function share(count: number, total: number): string {
  return `${pyGeneral((100 * count) / total, 2)}%`;
}

function runLines(run: ActivationRun, demo: ActivationsDemo): string[] {
  const total = demo.samples * demo.nodeNum;
  const top = histogramTop(run);
  const figure = run.figure === null ? '' : `fig. ${run.figure}: `;
  const lines = packParts(
    [
      `${figure}${run.weight}, ${ACTIVATION_NAMES[run.activation]}:`,
      weightLine(run.init, demo.nodeNum),
    ],
    TEXT_WIDTH,
    { separator: ' ', indent: '  ' },
  );
  const prefix = (layer: number) => `  layer ${layer} |`;
  const barStart = prefix(1).length;
  const axis = `${' '.repeat(barStart)}0${' '.repeat(demo.bins / 2 - 2)}0.5`;
  lines.push(`${axis.padEnd(barStart + demo.bins - 1)}1`);
  for (const layer of run.layers) {
    const head = `${prefix(layer.layer)}${histogramBars(layer.counts, top)}| `;
    const stats = [`mean ${pyGeneral(layer.mean, 3)}`, `std ${pyGeneral(layer.std, 3)}`];
    if (layer.aboveRange > 0) stats.push(`above 1: ${share(layer.aboveRange, total)}`);
    const packed = packParts(stats, TEXT_WIDTH - head.length, { separator: '  ' });
    lines.push(head + packed[0], ...packed.slice(1).map((l) => ' '.repeat(head.length) + l));
  }
  const zeros = run.layers.map((l) => l.zeros);
  if (Math.max(...zeros) > 0) {
    const low = share(Math.min(...zeros), total);
    const high = share(Math.max(...zeros), total);
    const isCut = run.layers.some((l) => l.counts[0] > top);
    lines.push(
      ...wrap(
        `The first bar holds the zeros (${low === high ? low : `${low} to ${high}`} of each ` +
          `layer)${isCut ? ", cut at the other bars' scale" : ''}.`,
        '  ',
      ),
    );
  }
  lines.push(...wrap(OUTCOMES[activationOutcome(run)], '  '));
  return lines;
}

export function activationsText(demo: ActivationsDemo): string[] {
  return [
    ...wrap(
      `Activations of ${demo.hiddenLayerSize} hidden layers of ${demo.nodeNum} units ` +
        `(book 6.2.2-6.2.3): input_data = np.random.randn(${demo.samples}, ${demo.nodeNum}) ` +
        `after np.random.seed(${demo.seed}), then per layer a = x·w (no bias), z = f(a). ` +
        `Each row: a layer's ${demo.samples * demo.nodeNum} activations in ${demo.bins} bins ` +
        `over [${demo.range.join(', ')}], ▁ to █ scaled to the setting's tallest bar, blank ` +
        'where a bin is empty; values outside the range are not counted, as in the script.',
    ),
    ...demo.runs.flatMap((run) => runLines(run, demo)),
  ];
}
