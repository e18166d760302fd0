import { describe, expect, it } from 'vitest';
import {
  arrow,
  createChart,
  element,
  equalAspect,
  escapeXml,
  legend,
  rect,
  LinearScale,
  niceDomain,
  niceTicks,
  plotPolyline,
  svgDocument,
} from '../../src/report/svg.js';
import { contourSegments, sampleGrid } from '../../src/report/contour.js';
import { findAll, parseXml, textOf } from '../eval/xml.js';

describe('escapeXml and element', () => {
  it('escapes the five XML specials in text and attributes', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    const parsed = parseXml(element('text', { 'data-x': 'a"<&' }, escapeXml('1 < 2 & 3')));
    expect(parsed.attributes['data-x']).toBe('a"<&');
    expect(parsed.text).toBe('1 < 2 & 3');
  });
  it('leaves out undefined attributes and writes numbers with at most two decimals', () => {
    expect(element('circle', { cx: 1.23456, cy: -0.001, r: undefined })).toBe(
      '<circle cx="1.23" cy="0"/>',
    );
  });
});

describe('scales and ticks', () => {
  it('maps a domain onto a range, backwards for y', () => {
    const y = new LinearScale([0, 10], [400, 0]);
    expect(y.map(0)).toBe(400);
    expect(y.map(2.5)).toBe(300);
  });
  it('refuses an empty domain', () => {
    expect(() => new LinearScale([1, 1], [0, 1])).toThrow(RangeError);
  });
  it('chooses ticks at 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 20, 5)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(-2, 2, 6)).toEqual([-2, -1, 0, 1, 2]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
  });
  it('widens a domain to whole steps, and a single value to an interval', () => {
    expect(niceDomain(-0.3, 5.8)).toEqual([-2, 6]);
    expect(niceDomain(0.13, 0.92)).toEqual([0, 1]);
    expect(niceDomain(3, 3)[0]).toBeLessThan(3);
    expect(niceDomain(3, 3)[1]).toBeGreaterThan(3);
    expect(() => niceDomain(0, Infinity)).toThrow(RangeError);
  });
});

describe('equalAspect', () => {
  it('widens the domain with fewer units per pixel about its centre', () => {
    expect(equalAspect([-2, 2], [-2, 2], 400, 200)).toEqual([
      [-4, 4],
      [-2, 2],
    ]);
    expect(equalAspect([0, 10], [0, 1], 100, 100)).toEqual([
      [0, 10],
      [-4.5, 5.5],
    ]);
  });
});

describe('a chart document', () => {
  const chart = createChart({
    width: 400,
    height: 300,
    title: 'Loss <per> iteration & more',
    xDomain: [0, 100],
    yDomain: [0, 2.5],
    xLabel: 'iteration',
    yLabel: 'loss',
  });
  const svg = chart.document([
    plotPolyline(
      chart,
      [
        [0, 2.3],
        [50, 0.5],
        [100, 0.2],
      ],
      { color: 'red', className: 'loss' },
    ),
    legend(80, 60, [{ label: 'train & test', stroke: { color: 'red' } }]),
    arrow(10, 10, 40, 40, 'black'),
  ]);
  const root = parseXml(svg);

  it('is a well-formed standalone SVG with a title', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(findAll(root, (e) => e.name === 'title').map(textOf)).toEqual([
      'Loss <per> iteration & more',
    ]);
  });
  it('labels both axes and every tick', () => {
    const texts = findAll(root, (e) => e.name === 'text').map(textOf);
    expect(texts).toContain('iteration');
    expect(texts).toContain('loss');
    expect(texts).toEqual(expect.arrayContaining(['0', '20', '40', '60', '80', '100']));
    expect(texts).toEqual(expect.arrayContaining(['0.5', '1', '1.5', '2', '2.5']));
    expect(texts).toContain('train & test');
  });
  it('places the data inside the plot area', () => {
    const line = findAll(root, (e) => e.attributes.class === 'loss')[0];
    const points = line.attributes.points.split(' ').map((p) => p.split(',').map(Number));
    expect(points).toEqual([
      [chart.x.map(0), chart.y.map(2.3)].map((v) => Math.round(v * 100) / 100),
      [chart.x.map(50), chart.y.map(0.5)].map((v) => Math.round(v * 100) / 100),
      [chart.x.map(100), chart.y.map(0.2)].map((v) => Math.round(v * 100) / 100),
    ]);
    for (const [px, py] of points) {
      expect(px).toBeGreaterThanOrEqual(chart.box.left);
      expect(px).toBeLessThanOrEqual(chart.box.right);
      expect(py).toBeGreaterThanOrEqual(chart.box.top);
      expect(py).toBeLessThanOrEqual(chart.box.bottom);
    }
  });
  it('draws an arrow as a shaft and a head that ends at the tip', () => {
    const head = findAll(root, (e) => e.name === 'polygon')[0];
    expect(head.attributes.points.split(' ')[0]).toBe('40,40');
  });
  it('draws heat-map cells as rectangles with the given fill', () => {
    const cell = parseXml(rect(10, 20, 30, 40, '#ff0000', 'cell'));
    expect(cell.attributes).toEqual({
      x: '10',
      y: '20',
      width: '30',
      height: '40',
      fill: '#ff0000',
      class: 'cell',
    });
  });
  it('keeps documents without a chart well formed too', () => {
    expect(parseXml(svgDocument({ width: 10, height: 10, title: 'x' }, [])).name).toBe('svg');
  });
});

describe('contourSegments (marching squares)', () => {
  it('traces the circle x^2 + y^2 = 4 with every segment end on the circle', () => {
    const grid = sampleGrid((x, y) => x * x + y * y, [-3, 3], [-3, 3], 41);
    const segments = contourSegments(grid, 4);
    expect(segments.length).toBeGreaterThan(40);
    for (const segment of segments) {
      for (const [x, y] of segment) expect(Math.hypot(x, y)).toBeCloseTo(2, 1);
    }
  });
  it('finds nothing for a level the function never reaches', () => {
    const grid = sampleGrid((x, y) => x * x + y * y, [-1, 1], [-1, 1], 11);
    expect(contourSegments(grid, 100)).toEqual([]);
  });
  it('splits a saddle cell into two segments', () => {
    const grid = {
      xs: [0, 1],
      ys: [0, 1],
      values: [
        [1, -1],
        [-1, 1],
      ],
    };
    expect(contourSegments(grid, 0)).toHaveLength(2);
  });
});
