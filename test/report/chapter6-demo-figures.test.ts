import { describe, expect, it } from 'vitest';
import { activationSettings } from '../../src/demo/activations.js';
import { optimizersDemo } from '../../src/demo/optimizers.js';
import { activationsFigure, optimizersFigure } from '../../src/report/chapter6-demo-figures.js';
import { findAll, parseXml, textOf, type XmlElement } from '../eval/xml.js';
import { cachedActivationsDemo } from '../demo/cached-activations.js';
import { readFixture } from '../fixtures/ch6/fixture.js';

const byClass = (root: XmlElement, name: string) =>
  findAll(root, (e) => e.attributes.class === name);

/** Pixels are written with two decimals: a coordinate is within 0.005 of the exact one. */
const PIXEL = 0.011;

/** The linear map from data to pixels that two tick labels and their positions define. */
function scaleFrom(ticks: { value: number; at: number }[]): (value: number) => number {
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  return (value) => a.at + ((value - a.value) * (b.at - a.at)) / (b.value - a.value);
}

interface NaiveFixture {
  runs: { name: string; optimizer: { lr: number }; x: number[]; y: number[] }[];
}

describe('optimizersFigure (fig. 6-8)', () => {
  const fixture = readFixture<NaiveFixture>('numpy-optimizer-compare-naive.json');
  const root = parseXml(optimizersFigure(optimizersDemo()));
  const panels = byClass(root, 'panel');

  it('is a 2×2 grid of panels inside the figure, each titled with its optimizer', () => {
    expect(panels).toHaveLength(4);
    const corners = panels.map((p) =>
      /^translate\(([\d.]+) ([\d.]+)\)$/.exec(p.attributes.transform)?.slice(1).map(Number),
    );
    const xs = new Set(corners.map((c) => c?.[0]));
    const ys = new Set(corners.map((c) => c?.[1]));
    expect([xs.size, ys.size]).toEqual([2, 2]);
    panels.forEach((panel, i) => {
      expect(textOf(byClass(panel, 'title')[0])).toBe(
        `${fixture.runs[i].name} (lr ${fixture.runs[i].optimizer.lr})`,
      );
      const frame = byClass(panel, 'frame')[0].attributes;
      const right = (corners[i]?.[0] ?? 0) + Number(frame.x) + Number(frame.width);
      const bottom = (corners[i]?.[1] ?? 0) + Number(frame.y) + Number(frame.height);
      expect(right).toBeLessThanOrEqual(Number(root.attributes.width));
      expect(bottom).toBeLessThanOrEqual(Number(root.attributes.height));
    });
    expect(findAll(root, (e) => e.name === 'title')).toHaveLength(1);
  });

  for (const [i, run] of fixture.runs.entries()) {
    it(`${run.name}: draws numpy's 30 points where the axes put them, joined in order`, () => {
      const panel = panels[i];
      const ticks = byClass(panel, 'tick');
      const xScale = scaleFrom(
        ticks
          .filter((t) => t.attributes['text-anchor'] === 'middle')
          .map((t) => ({ value: Number(textOf(t)), at: Number(t.attributes.x) })),
      );
      const yScale = scaleFrom(
        ticks
          .filter((t) => t.attributes['text-anchor'] === 'end')
          .map((t) => ({ value: Number(textOf(t)), at: Number(t.attributes.y) - 4 })),
      );
      const steps = byClass(panel, 'step');
      expect(steps).toHaveLength(30);
      steps.forEach((step, k) => {
        expect(Math.abs(Number(step.attributes.cx) - xScale(run.x[k]))).toBeLessThan(PIXEL);
        expect(Math.abs(Number(step.attributes.cy) - yScale(run.y[k]))).toBeLessThan(PIXEL);
      });
      const line = byClass(panel, 'path')[0].attributes.points.split(' ');
      expect(line.map((p) => p.split(',').map(Number))).toEqual(
        steps.map((s) => [Number(s.attributes.cx), Number(s.attributes.cy)]),
      );
      // the minimum's + is centred on (0, 0)
      const plus = /^M([\d.]+) ([\d.]+)H([\d.]+)M([\d.]+) ([\d.]+)V([\d.]+)$/
        .exec(byClass(panel, 'minimum')[0].attributes.d)
        ?.slice(1)
        .map(Number);
      expect(plus).toBeDefined();
      const [x1, y1, x2, vx, vy1, vy2] = plus ?? [];
      expect(Math.abs((x1 + x2) / 2 - xScale(0))).toBeLessThan(PIXEL);
      expect(Math.abs(y1 - yScale(0))).toBeLessThan(PIXEL);
      expect(Math.abs(vx - xScale(0))).toBeLessThan(PIXEL);
      expect(Math.abs((vy1 + vy2) / 2 - yScale(0))).toBeLessThan(PIXEL);
      // the ticks span the script's view, [-10, 10] on both axes
      expect(ticks.map((t) => Number(textOf(t)))).toEqual(expect.arrayContaining([-10, 10]));
      expect(byClass(panel, 'contour').length).toBeGreaterThanOrEqual(5);
    });
  }
});

interface HistogramFixture {
  runs: {
    weight: string;
    activation: string;
    figure: string | null;
    layers: { counts: number[] }[];
  }[];
}

describe('activationsFigure (figs. 6-10 to 6-14)', () => {
  const fixture = readFixture<HistogramFixture>('numpy-weight-init-histogram.json');

  function expectRows(root: XmlElement, runs: HistogramFixture['runs']): void {
    const rows = byClass(root, 'row');
    expect(rows).toHaveLength(runs.length);
    rows.forEach((row, r) => {
      const run = runs[r];
      const title = textOf(byClass(row, 'row-title')[0]);
      expect(title).toContain(`${run.weight}, ${run.activation}`);
      if (run.figure !== null) expect(title).toContain(`fig. ${run.figure}`);
      const yScale = scaleFrom(
        byClass(row, 'tick').map((t) => ({
          value: Number(textOf(t)),
          at: Number(t.attributes.y) - 4,
        })),
      );
      const axisTop = Math.max(...byClass(row, 'tick').map((t) => Number(textOf(t))));
      const histograms = byClass(row, 'histogram');
      const frames = byClass(row, 'frame');
      expect(histograms).toHaveLength(5);
      expect(byClass(row, 'panel-title').map(textOf)).toEqual([
        '1-layer',
        '2-layer',
        '3-layer',
        '4-layer',
        '5-layer',
      ]);
      const cutLabels = byClass(row, 'cut-label').map(textOf);
      histograms.forEach((histogram, l) => {
        const bars = byClass(histogram, 'bar');
        const frame = frames[l].attributes;
        const [left, width] = [Number(frame.x), Number(frame.width)];
        expect(bars).toHaveLength(30);
        bars.forEach((bar, b) => {
          const count = run.layers[l].counts[b];
          const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(bar.attributes[k]));
          const where = `${run.weight} ${run.activation} layer ${l + 1} bin ${b}`;
          expect(Math.abs(x - (left + (b * width) / 30)), where).toBeLessThan(0.1);
          expect(Math.abs(w - width / 30), where).toBeLessThan(0.1);
          expect(Math.abs(y + h - yScale(0)), where).toBeLessThan(PIXEL);
          if (count <= axisTop) {
            expect(Math.abs(h - (yScale(0) - yScale(count))), where).toBeLessThan(2 * PIXEL);
          } else {
            // taller than the axis: drawn to its top, its count written beside it
            expect(Math.abs(y - yScale(axisTop)), where).toBeLessThan(PIXEL);
            expect(cutLabels, where).toContain(String(count));
          }
        });
      });
    });
  }

  it("draws the book's six settings, five histograms a row, bars as tall as numpy's counts", () => {
    const root = parseXml(activationsFigure(cachedActivationsDemo()));
    const order = ['6-10', '6-11', '6-13', '6-14 (top)', '6-14 (middle)', '6-14 (bottom)'];
    expectRows(
      root,
      order.map((figure) => fixture.runs.find((run) => run.figure === figure) ?? fixture.runs[0]),
    );
    expect(findAll(root, (e) => e.name === 'title')).toHaveLength(1);
  });

  it('draws one row per setting with --init all', () => {
    const root = parseXml(activationsFigure(cachedActivationsDemo(activationSettings('all'))));
    const names = ['std 1', 'std 0.01', 'Xavier', 'He'];
    const runs = ['sigmoid', 'ReLU'].flatMap((activation) =>
      names.map(
        (weight) =>
          fixture.runs.find((r) => r.weight === weight && r.activation === activation) ??
          fixture.runs[0],
      ),
    );
    expectRows(root, runs);
  });
});
