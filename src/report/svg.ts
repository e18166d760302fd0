// Small building blocks for standalone SVG figures, written as strings with no browser and no
// dependency: a document, linear scales with "nice" ticks, axes with labels, lines, markers,
// arrows, rectangles (heat-map cells), contour lines by marching squares, text and legends.
//
// Coordinates: scales map data to pixels; every primitive below takes pixel coordinates unless
// its name says otherwise (`plotPolyline` and `contourPaths` take data and a Chart). A figure is
// usually: `const chart = createChart({...})`, then `chart.document([...primitives])`.
//
// No text is measured (there is no font here): `textWidth` estimates it generously, and layouts
// leave that much room — for tick labels, legends and captions.

import { contourSegments, type Grid } from './contour.js';

/** Escapes text for use in element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A pixel coordinate or length, short and stable: at most two decimals. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

export type Attributes = Record<string, string | number | undefined>;

/** One element; numbers are written with px(), undefined attributes are left out. */
export function element(name: string, attributes: Attributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? px(value) : escapeXml(value)}"`)
    .join('');
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

export interface DocumentOptions {
  width: number;
  height: number;
  /** shown as the figure's heading and kept in <title> for viewers and screen readers */
  title: string;
}

/** A standalone SVG file: XML declaration, namespace, white background, <title>. */
export function svgDocument({ width, height, title }: DocumentOptions, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" ` +
      `viewBox="0 0 ${px(width)} ${px(height)}" font-family="sans-serif" font-size="12">`,
    element('title', {}, escapeXml(title)),
    element('rect', { x: 0, y: 0, width, height, fill: 'white' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Maps a data interval onto a pixel interval (the pixel interval may run backwards, as y does). */
export class LinearScale {
  constructor(
    readonly domain: readonly [number, number],
    readonly range: readonly [number, number],
  ) {
    if (!(domain[1] > domain[0])) throw new RangeError(`empty scale domain [${domain}]`);
  }

  map(value: number): number {
    const [d0, d1] = this.domain;
    const [r0, r1] = this.range;
    return r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
  }

  contains(value: number): boolean {
    return value >= this.domain[0] && value <= this.domain[1];
  }
}

/** A round step (1, 2 or 5 times a power of ten) giving about `count` intervals over the span. */
export function niceStep(span: number, count = 5): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** [min, max] widened to whole steps, so the axis ends on ticks; a point becomes an interval. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`cannot scale the range [${min}, ${max}]`);
  }
  if (min === max) return niceDomain(min - (Math.abs(min) || 1), max + (Math.abs(max) || 1), count);
  const step = niceStep(max - min, count);
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step];
}

/** Ticks at multiples of a nice step inside [min, max], each rounded to the step's decimals. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(max - min, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
    ticks.push(Number((k * step).toFixed(decimals)) + 0);
  }
  return ticks;
}

/**
 * An axis' tick labels: the shortest text of each rounded value ("0.5", "20"), or, when the axis
 * reaches a million or stays below a thousandth, all of them in a compact scientific form
 * ("-3e13", "2.5e-7", "0"), so that no label is wider than the margin it stands in.
 */
export function tickLabels(ticks: readonly number[]): string[] {
  const largest = Math.max(0, ...ticks.map(Math.abs));
  const isScientific = largest >= 1e6 || (largest > 0 && largest < 1e-3);
  return ticks.map((tick) => {
    const value = tick + 0;
    if (!isScientific || value === 0) return String(value);
    return value.toExponential().replace('e+', 'e');
  });
}

// Advance widths in ems, rounded up from DejaVu Sans, the widest of the common default sans-serif
// faces (Helvetica and Arial are narrower), so text fits where the estimate says it does.
const NARROW = new Set(" .,:;·'|ijlIJ");
const SEMI_NARROW = new Set('()[]!ftr-/');
const WIDE = new Set('%mwMW@');
const BROAD = new Set('<>+=#&~^−×');

/** A generous estimate of the width of `content` set in sans-serif at `fontSize` pixels. */
export function textWidth(content: string, fontSize: number): number {
  let ems = 0;
  for (const char of content) {
    if (NARROW.has(char)) ems += 0.34;
    else if (SEMI_NARROW.has(char)) ems += 0.42;
    else if (WIDE.has(char)) ems += 1;
    else if (BROAD.has(char) || (char >= 'A' && char <= 'Z')) ems += 0.85;
    else if ((char.codePointAt(0) ?? 0) > 0x7e) ems += 1;
    else ems += 0.65;
  }
  return ems * fontSize;
}

export interface ChartOptions extends DocumentOptions {
  xDomain: [number, number];
  yDomain: [number, number];
  /** widen one domain about its centre so a unit is as long on x as on y (circles stay round) */
  isEqualAspect?: boolean;
  xLabel: string;
  yLabel: string;
  /** space around the plot area for the title, tick labels and axis labels (at least) */
  margin?: { top: number; right: number; bottom: number; left: number };
  /** about how many ticks on each axis */
  tickCount?: number;
  /** about how many ticks on the y axis, when it differs from the x axis */
  yTickCount?: number;
  /** drawn above the plot area, under the title, never over the data */
  legend?: readonly LegendEntry[];
}

export interface Chart {
  x: LinearScale;
  y: LinearScale;
  /** the plot area in pixels */
  box: { left: number; top: number; right: number; bottom: number };
  /** the frame, grid, ticks, tick labels, axis labels, title and legend */
  axes(): string[];
  /** a standalone document: axes first, then `body` clipped to the plot area */
  document(body: string[]): string;
}

const CLIP_ID = 'plot-area';
const TICK_FONT = 12;
/** Room left of the y tick labels for the rotated y-axis label. */
const Y_LABEL_ROOM = 28;

/** The two domains, one widened about its centre so both have the same units per pixel. */
export function equalAspect(
  xDomain: [number, number],
  yDomain: [number, number],
  width: number,
  height: number,
): [[number, number], [number, number]] {
  const xPerPixel = (xDomain[1] - xDomain[0]) / width;
  const yPerPixel = (yDomain[1] - yDomain[0]) / height;
  const widen = ([a, b]: [number, number], span: number): [number, number] => [
    (a + b) / 2 - span / 2,
    (a + b) / 2 + span / 2,
  ];
  return xPerPixel < yPerPixel
    ? [widen(xDomain, yPerPixel * width), yDomain]
    : [xDomain, widen(yDomain, xPerPixel * height)];
}

interface Layout {
  box: { left: number; top: number; right: number; bottom: number };
  xDomain: [number, number];
  yDomain: [number, number];
}

/**
 * The plot area and domains. The left margin grows until the widest y tick label fits beside
 * the y-axis label; a few rounds settle it, since an equal-aspect domain depends on the area.
 */
function layOut(options: ChartOptions, top: number, yTickCount: number): Layout {
  const margin = options.margin ?? DEFAULT_MARGIN;
  let left = margin.left;
  let layout: Layout | undefined;
  for (let round = 0; round < 3; round++) {
    const box = {
      left,
      top,
      right: options.width - margin.right,
      bottom: options.height - margin.bottom,
    };
    const [xDomain, yDomain] = options.isEqualAspect
      ? equalAspect(options.xDomain, options.yDomain, box.right - box.left, box.bottom - box.top)
      : [options.xDomain, options.yDomain];
    layout = { box, xDomain, yDomain };
    const labels = tickLabels(niceTicks(...yDomain, yTickCount));
    const widest = Math.max(0, ...labels.map((label) => textWidth(label, TICK_FONT)));
    const needed = Math.ceil(Y_LABEL_ROOM + widest + 8);
    if (needed <= left) break;
    left = needed;
  }
  return layout as Layout;
}

const DEFAULT_MARGIN = { top: 40, right: 24, bottom: 52, left: 64 };
const LEGEND_ROW = 18;
const LEGEND_SWATCH = 24;
const LEGEND_GAP = 18;
const LEGEND_FONT = 12;

/** The height of the band a legend of `entries` takes above a plot area `width` pixels wide. */
export function legendBandHeight(entries: readonly LegendEntry[], width: number): number {
  const rows = legendRows(entries, width).length;
  return rows === 0 ? 0 : rows * LEGEND_ROW + 8;
}

function legendEntryWidth(entry: LegendEntry): number {
  return LEGEND_SWATCH + 6 + textWidth(entry.label, LEGEND_FONT);
}

/** Entries side by side, as many to a row as fit in `width` pixels. */
function legendRows(entries: readonly LegendEntry[], width: number): LegendEntry[][] {
  const rows: LegendEntry[][] = [];
  let used = 0;
  for (const entry of entries) {
    const needed = legendEntryWidth(entry);
    const row = rows.at(-1);
    if (row && used + LEGEND_GAP + needed <= width) {
      row.push(entry);
      used += LEGEND_GAP + needed;
    } else {
      rows.push([entry]);
      used = needed;
    }
  }
  return rows;
}

/** A legend of `entries` in rows at most `width` pixels wide, its first row centred on y. */
export function legendBlock(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  width: number,
): string {
  return legend(x, y, legendRows(entries, width));
}

/** A legend whose first row is centred on y, starting at x: a line swatch and a label each. */
function legend(x: number, y: number, rows: readonly (readonly LegendEntry[])[]): string {
  const parts = rows.flatMap((row, r) => {
    let at = x;
    const rowY = y + r * LEGEND_ROW;
    return row.map((entry) => {
      const drawn =
        polyline(
          [
            [at, rowY],
            [at + LEGEND_SWATCH, rowY],
          ],
          { ...entry.stroke, className: 'swatch' },
        ) +
        (entry.marker
          ? marker(entry.marker, at + LEGEND_SWATCH / 2, rowY, entry.stroke.color)
          : '') +
        text(at + LEGEND_SWATCH + 6, rowY + 4, entry.label, { class: 'legend-label' });
      at += legendEntryWidth(entry) + LEGEND_GAP;
      return drawn;
    });
  });
  return element('g', { class: 'legend' }, parts.join(''));
}

export function createChart(options: ChartOptions): Chart {
  const margin = options.margin ?? DEFAULT_MARGIN;
  const count = options.tickCount ?? 6;
  const yCount = options.yTickCount ?? count;
  const plotWidth = options.width - margin.left - margin.right;
  const rows = options.legend ? legendRows(options.legend, plotWidth) : [];
  const legendBand = legendBandHeight(options.legend ?? [], plotWidth);
  const { box, xDomain, yDomain } = layOut(options, margin.top + legendBand, yCount);
  const x = new LinearScale(xDomain, [box.left, box.right]);
  const y = new LinearScale(yDomain, [box.bottom, box.top]);
  const axes = (): string[] => {
    const parts: string[] = [];
    const xTicks = niceTicks(...xDomain, count);
    tickLabels(xTicks).forEach((label, i) => {
      const at = x.map(xTicks[i]);
      parts.push(
        element('line', { x1: at, y1: box.top, x2: at, y2: box.bottom, stroke: '#e6e6e6' }),
        element('line', { x1: at, y1: box.bottom, x2: at, y2: box.bottom + 5, stroke: 'black' }),
        element(
          'text',
          { x: at, y: box.bottom + 18, 'text-anchor': 'middle', class: 'tick' },
          escapeXml(label),
        ),
      );
    });
    const yTicks = niceTicks(...yDomain, yCount);
    tickLabels(yTicks).forEach((label, i) => {
      const at = y.map(yTicks[i]);
      parts.push(
        element('line', { x1: box.left, y1: at, x2: box.right, y2: at, stroke: '#e6e6e6' }),
        element('line', { x1: box.left - 5, y1: at, x2: box.left, y2: at, stroke: 'black' }),
        element(
          'text',
          { x: box.left - 8, y: at + 4, 'text-anchor': 'end', class: 'tick' },
          escapeXml(label),
        ),
      );
    });
    parts.push(
      element('rect', {
        x: box.left,
        y: box.top,
        width: box.right - box.left,
        height: box.bottom - box.top,
        fill: 'none',
        stroke: 'black',
        class: 'frame',
      }),
      element(
        'text',
        {
          x: (box.left + box.right) / 2,
          y: options.height - 12,
          'text-anchor': 'middle',
          class: 'x-label',
        },
        escapeXml(options.xLabel),
      ),
      element(
        'text',
        {
          x: 16,
          y: (box.top + box.bottom) / 2,
          'text-anchor': 'middle',
          transform: `rotate(-90 16 ${px((box.top + box.bottom) / 2)})`,
          class: 'y-label',
        },
        escapeXml(options.yLabel),
      ),
      element(
        'text',
        { x: options.width / 2, y: 24, 'text-anchor': 'middle', 'font-size': 15, class: 'title' },
        escapeXml(options.title),
      ),
    );
    // The legend's band lies between the title and the plot area.
    if (rows.length > 0) parts.push(legend(box.left, margin.top + 4, rows));
    return parts;
  };
  return {
    x,
    y,
    box,
    axes,
    document: (body) =>
      svgDocument(options, [
        element(
          'defs',
          {},
          element(
            'clipPath',
            { id: CLIP_ID },
            element('rect', {
              x: box.left,
              y: box.top,
              width: box.right - box.left,
              height: box.bottom - box.top,
            }),
          ),
        ),
        ...axes(),
        element('g', { 'clip-path': `url(#${CLIP_ID})` }, body.join('\n')),
      ]),
  };
}

/**
 * A chart drawn at (left, top) of a larger figure: its axes, then `body`, both in the chart's
 * own pixels (a figure of several panels; a standalone chart uses chart.document).
 */
export function placeChart(
  chart: Chart,
  left: number,
  top: number,
  body: readonly string[],
  className?: string,
): string {
  return element(
    'g',
    { transform: `translate(${left} ${top})`, class: className },
    [...chart.axes(), ...body].join('\n'),
  );
}

export interface Stroke {
  color: string;
  width?: number;
  /** an SVG dash pattern such as "6 4" */
  dash?: string;
  className?: string;
}

/** A polyline through pixel points. */
export function polyline(points: readonly (readonly [number, number])[], stroke: Stroke): string {
  return element('polyline', {
    points: points.map(([a, b]) => `${px(a)},${px(b)}`).join(' '),
    fill: 'none',
    stroke: stroke.color,
    'stroke-width': stroke.width ?? 1.5,
    'stroke-dasharray': stroke.dash,
    class: stroke.className,
  });
}

/** A polyline through data points, mapped by the chart's scales. */
export function plotPolyline(
  chart: Chart,
  points: readonly (readonly [number, number])[],
  stroke: Stroke,
): string {
  return polyline(
    points.map(([a, b]) => [chart.x.map(a), chart.y.map(b)]),
    stroke,
  );
}

/** A filled circle marker at a pixel point. */
export function circle(
  cx: number,
  cy: number,
  r: number,
  fill: string,
  className?: string,
): string {
  return element('circle', { cx, cy, r, fill, class: className });
}

/** A rectangle in pixels: heat-map cells, bars, swatches. */
export function rect(
  x: number,
  y: number,
  width: number,
  height: number,
  fill: string,
  className?: string,
): string {
  return element('rect', { x, y, width, height, fill, class: className });
}

/** An arrow from (x1, y1) to (x2, y2) in pixels: a shaft and a filled triangular head. */
export function arrow(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  color: string,
  headSize = 5,
): string {
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (length === 0) return '';
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  const head = Math.min(headSize, length * 0.6);
  const baseX = x2 - ux * head;
  const baseY = y2 - uy * head;
  const half = head * 0.5;
  const corners = [
    [x2, y2],
    [baseX - uy * half, baseY + ux * half],
    [baseX + uy * half, baseY - ux * half],
  ];
  return element(
    'g',
    { class: 'arrow' },
    element('line', { x1, y1, x2: baseX, y2: baseY, stroke: color, 'stroke-width': 1 }) +
      element('polygon', {
        points: corners.map(([a, b]) => `${px(a)},${px(b)}`).join(' '),
        fill: color,
      }),
  );
}

/** Text at a pixel point. */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return element('text', { x, y, ...attributes }, escapeXml(content));
}

export interface LegendEntry {
  label: string;
  stroke: Stroke;
  /** drawn on the swatch, as the line's markers are drawn on it */
  marker?: MarkerShape;
}

/** matplotlib's marker letters: circle, square, diamond, cross, triangles up and down. */
export type MarkerShape = 'o' | 's' | 'D' | 'x' | '^' | 'v';

/** A marker of `shape` centred on a pixel point, about `size` pixels from centre to edge. */
export function marker(
  shape: MarkerShape,
  cx: number,
  cy: number,
  color: string,
  size = 3.5,
  className = 'marker',
): string {
  const at = (points: [number, number][]) =>
    points.map(([dx, dy]) => `${px(cx + dx * size)},${px(cy + dy * size)}`).join(' ');
  switch (shape) {
    case 'o':
      return element('circle', { cx, cy, r: size, fill: color, class: className });
    case 's':
      return rect(cx - size, cy - size, 2 * size, 2 * size, color, className);
    case 'x':
      return element('path', {
        d: `M${px(cx - size)} ${px(cy - size)}L${px(cx + size)} ${px(cy + size)}M${px(cx - size)} ${px(cy + size)}L${px(cx + size)} ${px(cy - size)}`,
        stroke: color,
        'stroke-width': 1.5,
        fill: 'none',
        class: className,
      });
    case 'D':
      return element('polygon', {
        points: at([
          [0, -1.25],
          [1, 0],
          [0, 1.25],
          [-1, 0],
        ]),
        fill: color,
        class: className,
      });
    case '^':
      return element('polygon', {
        points: at([
          [0, -1.2],
          [1.1, 0.8],
          [-1.1, 0.8],
        ]),
        fill: color,
        class: className,
      });
    case 'v':
      return element('polygon', {
        points: at([
          [0, 1.2],
          [1.1, -0.8],
          [-1.1, -0.8],
        ]),
        fill: color,
        class: className,
      });
  }
}

/** One <path> per level that the grid crosses, mapped by the chart's scales. */
export function contourPaths(
  chart: Chart,
  grid: Grid,
  levels: readonly number[],
  stroke: Stroke,
): string[] {
  return levels.flatMap((level) => {
    const segments = contourSegments(grid, level);
    if (segments.length === 0) return [];
    const d = segments
      .map(
        ([[ax, ay], [bx, by]]) =>
          `M${px(chart.x.map(ax))} ${px(chart.y.map(ay))}L${px(chart.x.map(bx))} ${px(chart.y.map(by))}`,
      )
      .join('');
    return element('path', {
      d,
      fill: 'none',
      stroke: stroke.color,
      'stroke-width': stroke.width ?? 1,
      'stroke-dasharray': stroke.dash,
      class: stroke.className ?? 'contour',
      'data-level': String(level),
    });
  });
}
