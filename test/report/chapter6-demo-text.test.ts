import { describe, expect, it } from 'vitest';
import { activationSettings } from '../../src/demo/activations.js';
import { optimizersDemo } from '../../src/demo/optimizers.js';
import {
  activationsText,
  histogramBars,
  optimizersText,
} from '../../src/report/chapter6-demo-text.js';
import { displayWidth } from '../../src/report/text-width.js';
import { cachedActivationsDemo } from '../demo/cached-activations.js';
import { readFixture } from '../fixtures/ch6/fixture.js';

const fixture = readFixture<{
  runs: {
    weight: string;
    activation: string;
    figure: string | null;
    layers: { counts: number[] }[];
  }[];
}>('numpy-weight-init-histogram.json');

const optimizers = optimizersText(optimizersDemo());
const book = activationsText(cachedActivationsDemo());

describe('chapter 6 worked examples as text', () => {
  it('fit an 80-column terminal, every line, whatever the setting', () => {
    const texts: [string, string[]][] = [
      ['optimizers', optimizers],
      ['activations', book],
      ['activations --init all', activationsText(cachedActivationsDemo(activationSettings('all')))],
      [
        'activations --init 1000 --seed 7',
        activationsText(cachedActivationsDemo(activationSettings(1000), 7)),
      ],
    ];
    for (const [topic, lines] of texts) {
      for (const line of lines) {
        expect(displayWidth(line), `${topic}: ${line}`).toBeLessThanOrEqual(80);
      }
    }
  });
});

describe('optimizersText (fig. 6-8)', () => {
  const text = optimizers.join('\n');
  it('names each optimizer as the script constructs it', () => {
    for (const call of [
      'SGD(lr=0.95)',
      'Momentum(lr=0.1, momentum=0.9)',
      'AdaGrad(lr=1.5)',
      'Adam(lr=0.3, beta1=0.9, beta2=0.999)',
    ]) {
      expect(text).toContain(`${call}: f = `);
    }
  });
  it('prints the points as numpy prints np.array([x, y]) of the reference run', () => {
    // str(np.array(...)) of the book's own run, points 1 and 10, and the end after 30 updates
    for (const point of [
      'step 1 [-6.335 -1.8  ]',
      'step 2 [-6.7977  0.92  ]',
      'step 10 [-1.48938553e+00  4.33778040e-06]',
      'step 20 [-1.52145009 -0.278868  ]',
      'step 30 [-1.20162322e-01  2.48638989e-17]',
      'step 30 [0.89641386 0.0880856 ]',
    ]) {
      expect(text).toContain(point);
    }
  });
  it("gives f after the last update, as Python's format(f, '.3g')", () => {
    expect(text).toContain('SGD(lr=0.95): f = 0.0133 after 30 updates');
    expect(text).toContain('AdaGrad(lr=1.5): f = 0.000722 after 30 updates');
    expect(text).toContain('Adam(lr=0.3, beta1=0.9, beta2=0.999): f = 0.102 after 30 updates');
  });
  it("says what the book's figure shows", () => {
    expect(text).toMatch(/SGD.*\n(.*\n)*.*zig-zags/);
    expect(text).toContain('rolls like a ball in a bowl');
    expect(text).toMatch(/steps shrink where the gradients have been large/);
    expect(text).toMatch(/sways\s+less than Momentum/);
    expect(text).toContain('AdaGrad ends lowest here.');
    expect(text).toMatch(/does not point\s+at the minimum/);
  });
});

describe('histogramBars', () => {
  it('draws an empty bin blank and the others ▁ to █ by their share of the top', () => {
    expect(histogramBars([0, 1, 8, 9, 16, 40], 16)).toBe(' ▁▄▅██');
  });
});

describe('activationsText (figs. 6-10 to 6-14)', () => {
  const bookRuns = fixture.runs.filter((run) => run.figure !== null);
  const order = ['6-10', '6-11', '6-13', '6-14 (top)', '6-14 (middle)', '6-14 (bottom)'];
  const headers = book.filter((line) => line.startsWith('fig. '));

  it("shows the book's six settings in the book's order, with the script's line for w", () => {
    expect(headers.map((line) => /^fig\. ([^:]+):/.exec(line)?.[1])).toEqual(order);
    expect(book.join('\n')).toContain(
      'fig. 6-10: std 1, sigmoid: w = np.random.randn(100, 100) * 1',
    );
    expect(book.join('\n')).toMatch(
      /fig\. 6-14 \(bottom\): He, ReLU:\s+w = np\.random\.randn\(100, 100\) \* np\.sqrt\(2\.0 \/ 100\)/,
    );
  });

  it("draws each layer's 30 bins from numpy's counts: blank where empty, taller where more", () => {
    const bars = book
      .filter((line) => /^ {2}layer \d \|/.test(line))
      .map((line) => [...line.split('|')[1]]);
    expect(bars).toHaveLength(30);
    order.forEach((figure, f) => {
      const run = bookRuns.find((r) => r.figure === figure);
      run?.layers.forEach((layer, l) => {
        const row = bars[f * 5 + l];
        expect(row).toHaveLength(30);
        const level = (char: string) => ' ▁▂▃▄▅▆▇█'.indexOf(char);
        layer.counts.forEach((count, b) => {
          expect(row[b] === ' ', `${figure} layer ${l + 1} bin ${b}`).toBe(count === 0);
        });
        // Every pair of bins is compared; one assertion over the pairs out of order keeps the
        // 900 comparisons a layer quick.
        const outOfOrder = layer.counts.flatMap((count, b) =>
          layer.counts.flatMap((other, c) =>
            count > other && level(row[b]) < level(row[c])
              ? [`${figure} layer ${l + 1}: bin ${b} (${count}) lower than bin ${c} (${other})`]
              : [],
          ),
        );
        expect(outOfOrder).toEqual([]);
      });
    });
  });

  it('says what each figure shows, in the book’s terms', () => {
    const blocks = book.join('\n').split(/\n(?=fig\. )/);
    expect(blocks[1]).toMatch(/0 and 1/);
    expect(blocks[1]).toMatch(/vanishing\s+gradients/);
    expect(blocks[2]).toMatch(/All near 0\.5/);
    expect(blocks[2]).toMatch(/expressiveness/);
    expect(blocks[3]).toMatch(/Spread over \(0, 1\) in every layer/);
    expect(blocks[4]).toMatch(/Shrinking towards 0/);
    expect(blocks[5]).toMatch(/Narrowing towards 0/);
    expect(blocks[6]).toMatch(/The same spread in every layer: He's std √\(2\/n\)/);
    for (const relu of blocks.slice(4)) expect(relu).toMatch(/The first bar holds the zeros/);
  });

  it('gives the share above 1 that the histogram leaves out (fig. 6-14, He, layer 1)', () => {
    // numpy: 23680 of the 100000 activations of He's first layer lie above 1
    expect(book.join('\n')).toMatch(/layer 1 \|[^|]+\| mean 0\.561 {2}std 0\.828 {2}above 1: 24%/);
  });
});
