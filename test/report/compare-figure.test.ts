import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../../src/compare/result.js';
import { renderCompareFigure } from '../../src/report/compare-figure.js';
import { textWidth } from '../../src/report/svg.js';
import { findAll, parseXml, textOf, type XmlElement } from '../eval/xml.js';
import { readFixture } from '../fixtures/ch6/fixture.js';
import {
  WEIGHT_SCALES,
  batchNormResult,
  hyperparamsResult,
  optimizersResult,
  varyResult,
  weightDecayResult,
} from './compare-runs.js';

const numpyWindow = readFixture<{ window: number[] }>('smooth-curve.json').window;

/** smooth_curve written out: mirror 10 points at each end, weigh each 11 by numpy's window. */
function bookSmoothing(x: readonly number[]): number[] {
  const n = x.length;
  const at = (i: number) => (i < 0 ? x[-i] : i >= n ? x[2 * n - 1 - i] : x[i]);
  return x.map((_, k) => numpyWindow.reduce((sum, w, j) => sum + w * at(k - 5 + j), 0));
}

function svgOf(result: CompareResult): XmlElement {
  const root = parseXml(renderCompareFigure(result));
  expect(root.name).toBe('svg');
  return root;
}

const byClass = (root: XmlElement, name: string) =>
  findAll(root, (e) => (e.attributes.class ?? '').split(' ').includes(name));

const legendLabels = (root: XmlElement) =>
  byClass(root, 'legend').flatMap((g) => byClass(g, 'legend-label').map(textOf));

function points(polyline: XmlElement): [number, number][] {
  return polyline.attributes.points.split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return [x, y];
  });
}

function frames(root: XmlElement): { top: number; bottom: number; left: number }[] {
  return byClass(root, 'frame').map((rect) => ({
    top: Number(rect.attributes.y),
    bottom: Number(rect.attributes.y) + Number(rect.attributes.height),
    left: Number(rect.attributes.x),
  }));
}

describe('renderCompareFigure, the losses of figure 6-9', () => {
  const result = optimizersResult();
  const root = svgOf(result);

  it('names every optimizer in a legend above the plot area', () => {
    expect(legendLabels(root)).toEqual(['SGD', 'Momentum', 'AdaGrad', 'Adam']);
    const [frame] = frames(root);
    for (const label of byClass(root, 'legend-label')) {
      expect(Number(label.attributes.y)).toBeLessThan(frame.top);
    }
  });

  it('titles it with the script file and the seed', () => {
    expect(textOf(byClass(root, 'title')[0])).toBe(
      'Figure 6-9: optimizer_compare_mnist.py, seed 0',
    );
  });

  it("draws each run's losses as the book's smooth_curve does, on the book's 0 to 1 axis", () => {
    const [frame] = frames(root);
    const curves = byClass(root, 'loss');
    expect(curves).toHaveLength(4);
    curves.forEach((curve, r) => {
      const expected = bookSmoothing(result.runs[r].losses);
      const drawn = points(curve);
      expect(drawn).toHaveLength(expected.length);
      drawn.forEach(([, y], i) => {
        // y = 0 at the frame's bottom, 1 at its top; px() keeps two decimals.
        const pixel = frame.bottom - expected[i] * (frame.bottom - frame.top);
        expect(Math.abs(y - pixel)).toBeLessThanOrEqual(0.0051);
      });
      expect(drawn[0][0]).toBeCloseTo(frame.left, 2);
    });
  });

  it("marks the curves with the book's markers, about every twentieth point", () => {
    const markers = byClass(root, 'loss-marker');
    expect(markers.length).toBe(4 * 20);
    expect(markers[0].name).toBe('circle'); // SGD: 'o'
    expect(markers[20].name).toBe('path'); // Momentum: 'x'
    expect(markers[40].name).toBe('rect'); // AdaGrad: 's'
    expect(markers[60].name).toBe('polygon'); // Adam: 'D'
  });
});

describe('renderCompareFigure, the accuracies of figures 6-20 and 6-21', () => {
  const result = weightDecayResult();
  const root = svgOf(result);

  it('names both runs and both sets in the legend', () => {
    expect(legendLabels(root)).toEqual(['weight decay 0.1', 'no weight decay', 'train', 'test']);
  });

  it('draws train and test accuracy of every epoch, per run, on a 0 to 1 axis', () => {
    const [frame] = frames(root);
    const train = byClass(root, 'train-acc');
    const test = byClass(root, 'test-acc');
    expect(train).toHaveLength(2);
    expect(test).toHaveLength(2);
    result.runs.forEach((run, r) => {
      const drawn = points(test[r]);
      expect(drawn).toHaveLength(run.epochs.length);
      drawn.forEach(([, y], i) => {
        const pixel = frame.bottom - run.epochs[i].testAcc * (frame.bottom - frame.top);
        expect(Math.abs(y - pixel)).toBeLessThanOrEqual(0.0051);
      });
    });
    expect(test[0].attributes['stroke-dasharray']).toBeDefined();
    expect(train[0].attributes['stroke-dasharray']).toBeUndefined();
  });
});

describe('renderCompareFigure, --vary', () => {
  const result = varyResult();
  const root = svgOf(result);

  it('shows the smoothed losses beside the accuracies, every run named', () => {
    expect(byClass(root, 'panel')).toHaveLength(2);
    expect(legendLabels(root)).toEqual([
      'lr=0.01',
      'lr=0.1',
      'lr=10 (diverged at 40)',
      'train',
      'test',
    ]);
  });

  it('draws a diverged run up to the loss before the first NaN', () => {
    const curves = byClass(root, 'loss');
    expect(points(curves[2])).toHaveLength(40);
    expect(points(curves[0])).toHaveLength(250);
  });
});

describe('renderCompareFigure, the 4×4 grid of figure 6-18', () => {
  const root = svgOf(batchNormResult());
  const panels = byClass(root, 'panel');

  it('has a panel per weight scale, titled "W:" and the scale as Python prints it', () => {
    expect(panels).toHaveLength(16);
    const titles = panels.map((panel) => textOf(byClass(panel, 'panel-title')[0]));
    expect(titles[0]).toBe('W:1.0');
    titles.forEach((title, s) => {
      expect(title.startsWith('W:')).toBe(true);
      expect(Number(title.slice(2))).toBe(WEIGHT_SCALES[s]);
    });
  });

  it('draws both runs of each scale, and names them once in a legend above the grid', () => {
    for (const panel of panels) expect(byClass(panel, 'train-acc')).toHaveLength(2);
    expect(legendLabels(root)).toEqual(['Batch Normalization', 'Normal (without BatchNorm)']);
    const top = Math.min(...frames(root).map((f) => f.top));
    for (const label of byClass(root, 'legend-label')) {
      expect(Number(label.attributes.y)).toBeLessThan(top);
    }
  });

  it('puts y ticks on the first column and x ticks on the bottom row only', () => {
    const ticked = panels.map((panel) => byClass(panel, 'tick').length > 0);
    expect(ticked).toEqual([
      ...[true, false, false, false],
      ...[true, false, false, false],
      ...[true, false, false, false],
      ...[true, true, true, true],
    ]);
  });
});

describe('renderCompareFigure, the best 20 of figure 6-24', () => {
  const result = hyperparamsResult();
  const root = svgOf(result);
  const panels = byClass(root, 'panel');

  it('has 20 panels, 5 a row, titled Best-N with the last validation accuracy', () => {
    expect(panels).toHaveLength(20);
    const lefts = panels.slice(0, 6).map((p) => frames(p)[0].left);
    expect(new Set(lefts.slice(0, 5)).size).toBe(5);
    expect(lefts[5]).toBe(lefts[0]);
    panels.forEach((panel, i) => {
      const title = textOf(byClass(panel, 'panel-title')[0]);
      const run = result.runs.find((r) => r.group === `Best-${i + 1}`);
      const last = run?.epochs.at(-1)?.testAcc ?? NaN;
      expect(title).toBe(`Best-${i + 1}(${Number(last.toFixed(4))})`);
    });
  });

  it('draws val accuracy solid and train dashed, with no x ticks', () => {
    for (const panel of panels) {
      const [val] = byClass(panel, 'test-acc');
      const [train] = byClass(panel, 'train-acc');
      expect(val.attributes['stroke-dasharray']).toBeUndefined();
      expect(train.attributes['stroke-dasharray']).toBeDefined();
    }
    expect(
      panels.every((p) => byClass(p, 'tick').every((t) => t.attributes['text-anchor'] === 'end')),
    ).toBe(true);
    expect(legendLabels(root)).toEqual(['val acc', 'train acc']);
  });

  it('names the run of every panel in the key under the grid, whole', () => {
    const key = byClass(root, 'key-label').map(textOf);
    expect(key).toHaveLength(20);
    key.forEach((line, i) => {
      const run = result.runs.find((r) => r.group === `Best-${i + 1}`);
      expect(line).toContain(run?.name);
    });
  });

  it('fits its text within the figure', () => {
    const width = Number(root.attributes.width);
    for (const label of byClass(root, 'key-label')) {
      expect(Number(label.attributes.x) + textWidth(textOf(label), 11)).toBeLessThanOrEqual(width);
    }
  });
});

describe('renderCompareFigure, other cases', () => {
  const yTickLabels = (root: XmlElement) =>
    byClass(root, 'tick')
      .filter((t) => t.attributes['text-anchor'] === 'end')
      .map(textOf);

  it("sets the loss axis as each script does: 0 to 2.5 for weight-init, the data's for --vary", () => {
    const weightInit = { ...optimizersResult(), experiment: 'weight-init' as const };
    expect(yTickLabels(svgOf(weightInit)).at(-1)).toBe('2.5');
    expect(yTickLabels(svgOf(optimizersResult())).at(-1)).toBe('1');
    expect(textOf(byClass(svgOf(weightInit), 'title')[0])).toBe(
      'Figure 6-15: weight_init_compare.py, seed 0',
    );
  });

  it('picks the best 20 trials by last accuracy when the runs carry no group', () => {
    const grouped = hyperparamsResult();
    const ungrouped = {
      ...grouped,
      runs: grouped.runs.map((run) => ({ ...run, group: undefined })),
    };
    const titles = (result: CompareResult) => byClass(svgOf(result), 'panel-title').map(textOf);
    expect(titles(ungrouped)).toEqual(titles(grouped));
  });

  it('draws an empty experiment as an empty chart rather than failing', () => {
    for (const figure of ['losses', 'accuracies', 'grid'] as const) {
      expect(svgOf({ ...optimizersResult(), figure, runs: [] }).name).toBe('svg');
    }
  });

  it('says the experiment was interrupted, and which runs were stopped', () => {
    const result = optimizersResult();
    const stopped: CompareResult = {
      ...result,
      status: 'interrupted',
      runs: result.runs.map((run) => ({ ...run, status: 'interrupted' })),
    };
    const root = svgOf(stopped);
    expect(textOf(byClass(root, 'title')[0])).toMatch(/\(interrupted\)$/);
    expect(legendLabels(root)[0]).toBe('SGD (stopped)');
  });
});
