import { describe, expect, it } from 'vitest';
import {
  arrow,
  createChart,
  element,
  equalAspect,
  escapeXml,
  legendBandHeight,
  legendBlock,
  marker,
  rect,
  LinearScale,
  niceDomain,
  niceTicks,
  plotPolyline,
  svgDocument,
  textWidth,
  tickLabels,
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

describe('tickLabels', () => {
  it('writes ordinary ticks as their shortest text', () => {
    expect(tickLabels([0, 0.5, 1, 1.5])).toEqual(['0', '0.5', '1', '1.5']);
    expect(tickLabels([-20, 0, 250000])).toEqual(['-20', '0', '250000']);
  });
  it('writes a whole axis in compact scientific form once it reaches a million', () => {
    expect(tickLabels([-3e13, -2e13, -1e13, 0, 1e13])).toEqual([
      '-3e13',
      '-2e13',
      '-1e13',
      '0',
      '1e13',
    ]);
    expect(tickLabels([0, 2.5e6, 5e6])).toEqual(['0', '2.5e6', '5e6']);
  });
  it('and when it stays below a thousandth', () => {
    expect(tickLabels([0, 1e-7, 2e-7, 2.5e-7])).toEqual(['0', '1e-7', '2e-7', '2.5e-7']);
    expect(tickLabels([-5e-4, 0, 5e-4])).toEqual(['-5e-4', '0', '5e-4']);
  });
});

describe('textWidth', () => {
  // Advance widths in DejaVu Sans (2048 units per em, from its hmtx table), the widest of the
  // usual default sans-serif faces: the estimate must never be narrower.
  const dejaVu: Record<string, number> = {
    '0': 1303,
    ' ': 651,
    '%': 1946,
    '<': 1716,
    W: 2025,
    m: 1995,
    O: 1612,
    D: 1577,
    '·': 651,
    e: 1260,
    r: 842,
    t: 803,
    '(': 799,
    '!': 821,
    '^': 1716,
    x: 1212,
  };
  it('is never narrower than DejaVu Sans, character by character and for a caption', () => {
    for (const [char, units] of Object.entries(dejaVu)) {
      expect(textWidth(char, 2048), char).toBeGreaterThanOrEqual(units);
    }
    const caption = '7 99% · 9 <1% · 8 <1%';
    const exact = [...caption].reduce((sum, char) => sum + dejaVu[/\d/.test(char) ? '0' : char], 0);
    expect(textWidth(caption, 2048)).toBeGreaterThanOrEqual(exact);
    // and not wildly wider: within a quarter
    expect(textWidth(caption, 2048)).toBeLessThan(exact * 1.25);
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
    legend: [{ label: 'train & test', stroke: { color: 'red' } }],
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
  it('draws the legend in a band between the title and the plot area, never over the data', () => {
    const frame = findAll(root, (e) => e.attributes.class === 'frame')[0];
    const top = Number(frame.attributes.y);
    const title = findAll(root, (e) => e.attributes.class === 'title')[0];
    const legend = findAll(root, (e) => e.attributes.class === 'legend')[0];
    const label = findAll(legend, (e) => e.name === 'text')[0];
    const swatch = findAll(legend, (e) => e.attributes.class === 'swatch')[0];
    // a label's baseline plus its descent, and its ascent, between the title and the frame
    expect(Number(label.attributes.y) + 4).toBeLessThan(top);
    expect(Number(label.attributes.y) - 12).toBeGreaterThan(Number(title.attributes.y));
    for (const [, y] of swatch.attributes.points.split(' ').map((p) => p.split(',').map(Number))) {
      expect(y).toBeLessThan(top);
    }
    expect(textOf(label)).toBe('train & test');
  });
  it('keeps documents without a chart well formed too', () => {
    expect(parseXml(svgDocument({ width: 10, height: 10, title: 'x' }, [])).name).toBe('svg');
  });
});

describe('a chart with long tick labels', () => {
  const root = parseXml(
    createChart({
      width: 400,
      height: 300,
      title: 'huge',
      xDomain: [-3e13, 1e13],
      yDomain: [-123456.5, 123456.5],
      xLabel: 'x',
      yLabel: 'y',
    }).document([]),
  );
  it('widens its left margin so every y tick label fits beside the y-axis label', () => {
    const yTicks = findAll(
      root,
      (e) => e.attributes.class === 'tick' && e.attributes['text-anchor'] === 'end',
    );
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    expect(yTicks.map(textOf)).toContain('-100000');
    const yLabel = findAll(root, (e) => e.attributes.class === 'y-label')[0];
    for (const tick of yTicks) {
      const start = Number(tick.attributes.x) - textWidth(textOf(tick), 12);
      // the rotated axis label is centred on its x and about 12 px tall
      expect(start).toBeGreaterThan(Number(yLabel.attributes.x) + 6);
    }
  });
  it('keeps every x tick label inside the figure, in compact scientific form', () => {
    const xTicks = findAll(
      root,
      (e) => e.attributes.class === 'tick' && e.attributes['text-anchor'] === 'middle',
    );
    expect(xTicks.map(textOf)).toEqual(['-3e13', '-2e13', '-1e13', '0', '1e13']);
    for (const tick of xTicks) {
      const half = textWidth(textOf(tick), 12) / 2;
      expect(Number(tick.attributes.x) - half).toBeGreaterThanOrEqual(0);
      expect(Number(tick.attributes.x) + half).toBeLessThanOrEqual(400);
    }
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

describe('marker and legend markers', () => {
  it("draws matplotlib's marker shapes centred on the point", () => {
    expect(parseXml(marker('o', 10, 20, 'red')).name).toBe('circle');
    const square = parseXml(marker('s', 10, 20, 'red', 3));
    expect([square.attributes.x, square.attributes.y, square.attributes.width]).toEqual([
      '7',
      '17',
      '6',
    ]);
    for (const shape of ['D', '^', 'v'] as const) {
      const corners = parseXml(marker(shape, 10, 20, 'red', 3))
        .attributes.points.split(' ')
        .map((pair) => pair.split(',').map(Number));
      const xs = corners.map(([x]) => x);
      expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(10, 9);
    }
    expect(parseXml(marker('x', 10, 20, 'red')).attributes.d).toMatch(/^M/);
  });

  it("puts an entry's marker on its swatch, and nothing where it has none", () => {
    const root = parseXml(
      legendBlock(
        [
          { label: 'SGD', stroke: { color: 'red' }, marker: 'o' },
          { label: 'plain', stroke: { color: 'blue' } },
        ],
        0,
        10,
        400,
      ),
    );
    const markers = findAll(root, (e) => e.attributes.class === 'marker');
    expect(markers).toHaveLength(1);
    expect(markers[0].attributes).toMatchObject({ cx: '12', cy: '10', fill: 'red' });
  });

  it('sizes the legend band by its rows: 18 pixels a row and 8 to spare, none when empty', () => {
    const entry = { label: 'a run with a name', stroke: { color: 'red' } };
    expect(legendBandHeight([], 300)).toBe(0);
    expect(legendBandHeight([entry], 300)).toBe(26);
    expect(legendBandHeight([entry, entry, entry], 360)).toBe(2 * 18 + 8);
  });
});
