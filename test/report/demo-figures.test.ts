import { describe, expect, it } from 'vitest';
import { BOOK_DESCENT_RUNS, descentRun } from '../../src/demo/descent.js';
import { diffDemo, gradientField } from '../../src/demo/derivatives.js';
import { descentFigure, diffFigure, gradientFigure } from '../../src/report/demo-figures.js';
import { textWidth } from '../../src/report/svg.js';
import { findAll, parseXml, textOf, type XmlElement } from '../eval/xml.js';

const byClass = (root: XmlElement, name: string) =>
  findAll(root, (e) => e.attributes.class === name);

function plotArea(root: XmlElement) {
  const frame = byClass(root, 'frame')[0];
  const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(frame.attributes[k]));
  return { left: x, top: y, right: x + w, bottom: y + h };
}

function points(e: XmlElement): number[][] {
  return e.attributes.points.split(' ').map((p) => p.split(',').map(Number));
}

function expectAxes(root: XmlElement, xLabel: string, yLabel: string): void {
  expect(textOf(byClass(root, 'x-label')[0])).toBe(xLabel);
  expect(textOf(byClass(root, 'y-label')[0])).toBe(yLabel);
  expect(byClass(root, 'tick').length).toBeGreaterThanOrEqual(8);
  expect(findAll(root, (e) => e.name === 'title')).toHaveLength(1);
  expect(byClass(root, 'title')).toHaveLength(1);
}

describe('diffFigure (fig. 4-7)', () => {
  const root = parseXml(diffFigure(diffDemo()));
  it('has axes x and f(x), ticks and a title', () => expectAxes(root, 'x', 'f(x)'));
  it('draws the curve inside the plot area, and a tangent through each point', () => {
    const area = plotArea(root);
    const curve = points(byClass(root, 'curve')[0]);
    expect(curve).toHaveLength(200);
    for (const [x, y] of curve) {
      expect(x).toBeGreaterThanOrEqual(area.left);
      expect(x).toBeLessThanOrEqual(area.right);
      expect(y).toBeGreaterThanOrEqual(area.top);
      expect(y).toBeLessThanOrEqual(area.bottom);
    }
    expect(byClass(root, 'tangent')).toHaveLength(2);
    expect(byClass(root, 'touch')).toHaveLength(2);
  });
  it('names the slopes in the legend', () => {
    const legend = textOf(byClass(root, 'legend')[0]);
    expect(legend).toContain('tangent at x = 5 (slope 0.1999999999990898)');
  });
  it('keeps the legend above the plot area, off the curves, and inside the figure', () => {
    const area = plotArea(root);
    const labels = findAll(byClass(root, 'legend')[0], (e) => e.name === 'text');
    expect(labels).toHaveLength(3);
    for (const label of labels) {
      expect(Number(label.attributes.y) + 4).toBeLessThan(area.top);
      const end = Number(label.attributes.x) + textWidth(textOf(label), 12);
      expect(end).toBeLessThanOrEqual(Number(root.attributes.width));
    }
  });
});

describe('gradientFigure (fig. 4-9)', () => {
  const root = parseXml(gradientFigure(gradientField()));
  it('has axes x0 and x1, ticks and a title', () => expectAxes(root, 'x0', 'x1'));
  it('draws one arrow per grid point but the origin, each pointing towards the origin', () => {
    const arrows = byClass(root, 'arrow');
    expect(arrows).toHaveLength(288);
    const area = plotArea(root);
    const centre = [(area.left + area.right) / 2, (area.top + area.bottom) / 2];
    for (const a of arrows) {
      const shaft = a.children[0].attributes;
      const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((k) => Number(shaft[k]));
      expect(x1).toBeGreaterThanOrEqual(area.left);
      expect(x1).toBeLessThanOrEqual(area.right);
      expect(Math.hypot(x2 - centre[0], y2 - centre[1])).toBeLessThan(
        Math.hypot(x1 - centre[0], y1 - centre[1]),
      );
    }
  });
});

describe('descentFigure (fig. 4-10)', () => {
  const run = descentRun(BOOK_DESCENT_RUNS[0]);
  const root = parseXml(descentFigure(run));
  it('has axes x0 and x1, ticks and a title naming the learning rate', () => {
    expectAxes(root, 'x0', 'x1');
    expect(textOf(byClass(root, 'title')[0])).toContain('lr 0.1, 100 steps from (-3, 4)');
  });
  it('draws a marker per step inside the plot area, the first at (-3, 4)', () => {
    const area = plotArea(root);
    const steps = byClass(root, 'step');
    expect(steps).toHaveLength(100);
    for (const s of steps) {
      expect(Number(s.attributes.cx)).toBeGreaterThanOrEqual(area.left);
      expect(Number(s.attributes.cx)).toBeLessThanOrEqual(area.right);
      expect(Number(s.attributes.cy)).toBeGreaterThanOrEqual(area.top);
      expect(Number(s.attributes.cy)).toBeLessThanOrEqual(area.bottom);
    }
    const first = steps[0].attributes;
    const last = steps[99].attributes;
    expect(Number(first.cx)).toBeLessThan(Number(last.cx));
    expect(Number(first.cy)).toBeLessThan(Number(last.cy));
  });
  it('keeps a long run small: at most 500 step markers', () => {
    const long = descentRun({ lr: 0.0001, steps: 5000, init: [-3, 4] });
    expect(byClass(parseXml(descentFigure(long)), 'step')).toHaveLength(500);
  });
  it('labels the ticks of a diverged run compactly, each inside the figure', () => {
    const diverged = parseXml(descentFigure(descentRun(BOOK_DESCENT_RUNS[1])));
    const width = Number(diverged.attributes.width);
    const ticks = byClass(diverged, 'tick');
    expect(ticks.map(textOf)).toEqual(expect.arrayContaining(['-3e13', '-2e13', '1e13', '0']));
    for (const tick of ticks) {
      expect(textOf(tick)).toMatch(/^(0|-?\d(\.\d+)?e-?\d+)$/);
      const x = Number(tick.attributes.x);
      const half = textWidth(textOf(tick), 12) / (tick.attributes['text-anchor'] === 'end' ? 1 : 2);
      const [from, to] =
        tick.attributes['text-anchor'] === 'end' ? [x - half, x] : [x - half, x + half];
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeLessThanOrEqual(width);
    }
  });
  it('draws contour lines of x0^2 + x1^2 and the dashed zero axes', () => {
    expect(byClass(root, 'contour').length).toBeGreaterThanOrEqual(4);
    expect(byClass(root, 'zero-axis')).toHaveLength(2);
  });
});
