// nn-eval --plot: the confusion matrix as a heat map beside a gallery of the mistakes the network
// was surest of, in one standalone SVG. Correct cells are shaded green by recall, confusions red
// by count (on their own scale: beside a diagonal of ~1000, a cell of 30 would be invisible),
// and the most frequent confusions are outlined, as the terminal report highlights them.

import { IMAGE_COLS, IMAGE_ROWS, type MnistSplit } from '../data/dataset.js';
import type { Mistake } from '../eval/mistakes.js';
import type { EvalSummary } from '../eval/summary.js';
import { percent } from './eval-text.js';
import { element, rect, svgDocument, text, textWidth } from './svg.js';

const CELL = 34;
const MAP_LEFT = 84;
const MAP_TOP = 96;
const GALLERY_LEFT = 560;
const GALLERY_TOP = MAP_TOP;
const PIXEL = 3;
const DIGIT = IMAGE_COLS * PIXEL;
const GALLERY_COLUMNS = 3;
const GALLERY_GAP = 16;
const GALLERY_ROW_HEIGHT = DIGIT + 48;
const CAPTION_FONT = 11;
const TOP_FONT = 10;
/** Wide enough for the heat map, its recall column and its key, with no gallery beside it. */
const MAP_WIDTH = GALLERY_LEFT;

/** White mixed with `rgb` by t in [0, 1], as a hex colour. */
export function shade(rgb: readonly [number, number, number], t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  return `#${rgb
    .map((c) =>
      Math.round(255 + (c - 255) * clamped)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

const GREEN: [number, number, number] = [35, 139, 69];
const RED: [number, number, number] = [203, 24, 29];

function heatMap(summary: EvalSummary): string[] {
  const { confusion, classes, worstCells } = summary;
  const n = confusion.length;
  let maxConfusion = 0;
  confusion.forEach((row, a) =>
    row.forEach((count, p) => {
      if (a !== p) maxConfusion = Math.max(maxConfusion, count);
    }),
  );
  const parts: string[] = [
    text(MAP_LEFT + (n * CELL) / 2, MAP_TOP - 30, 'predicted', {
      'text-anchor': 'middle',
      class: 'x-label',
    }),
    text(MAP_LEFT - 52, MAP_TOP + (n * CELL) / 2, 'true digit', {
      'text-anchor': 'middle',
      transform: `rotate(-90 ${MAP_LEFT - 52} ${MAP_TOP + (n * CELL) / 2})`,
      class: 'y-label',
    }),
    text(MAP_LEFT + n * CELL + 30, MAP_TOP - 10, 'recall', {
      'text-anchor': 'middle',
      'font-size': 11,
    }),
    text(MAP_LEFT - 8, MAP_TOP + n * CELL + 22, 'precision', {
      'text-anchor': 'end',
      'font-size': 11,
    }),
  ];
  for (let d = 0; d < n; d++) {
    const centre = d * CELL + CELL / 2;
    parts.push(
      text(MAP_LEFT + centre, MAP_TOP - 10, String(d), { 'text-anchor': 'middle', class: 'tick' }),
      text(MAP_LEFT - 10, MAP_TOP + centre + 4, String(d), { 'text-anchor': 'end', class: 'tick' }),
      text(MAP_LEFT + n * CELL + 30, MAP_TOP + centre + 4, percent(classes[d].recall), {
        'text-anchor': 'middle',
        'font-size': 10,
        class: 'recall',
      }),
      text(MAP_LEFT + centre, MAP_TOP + n * CELL + 22, percent(classes[d].precision, 0), {
        'text-anchor': 'middle',
        'font-size': 10,
        class: 'precision',
      }),
    );
  }
  confusion.forEach((row, actual) =>
    row.forEach((count, predicted) => {
      const x = MAP_LEFT + predicted * CELL;
      const y = MAP_TOP + actual * CELL;
      const isDiagonal = actual === predicted;
      const t = isDiagonal
        ? (classes[actual].recall ?? 0)
        : maxConfusion === 0
          ? 0
          : count / maxConfusion;
      const isWorst = worstCells.some((c) => c.actual === actual && c.predicted === predicted);
      parts.push(
        element(
          'g',
          {
            class: isWorst ? 'cell worst' : 'cell',
            'data-actual': String(actual),
            'data-predicted': String(predicted),
            'data-count': String(count),
          },
          element('rect', {
            x,
            y,
            width: CELL,
            height: CELL,
            fill: count === 0 ? 'white' : shade(isDiagonal ? GREEN : RED, 0.15 + 0.85 * t),
            stroke: isWorst ? 'black' : '#dddddd',
            'stroke-width': isWorst ? 2.5 : 0.5,
          }) +
            (count === 0
              ? ''
              : text(x + CELL / 2, y + CELL / 2 + 4, String(count), {
                  'text-anchor': 'middle',
                  'font-size': 10,
                  fill: t > 0.6 ? 'white' : 'black',
                })),
        ),
      );
    }),
  );
  parts.push(
    text(
      MAP_LEFT,
      MAP_TOP + n * CELL + 50,
      'green: right (shade = recall) · red: confusions (shade = count)',
      {
        'font-size': 11,
      },
    ),
    text(MAP_LEFT, MAP_TOP + n * CELL + 66, 'outlined: the most frequent confusions', {
      'font-size': 11,
    }),
  );
  return parts;
}

function captionText(mistake: Mistake): string {
  return `true ${mistake.label}, read ${mistake.predicted}`;
}

/** The top three classes, rounded to whole percentages: "7 99% · 9 <1% · 8 <1%". */
function topText(mistake: Mistake): string {
  return mistake.top
    .map((c) => `${c.digit} ${c.probability < 0.005 ? '<1' : (c.probability * 100).toFixed(0)}%`)
    .join(' · ');
}

function galleryTitle(count: number): string {
  return `the ${count} mistake${count === 1 ? '' : 's'} it was surest of`;
}

/** A gallery column: the digit or its widest caption, whichever is wider, and a gap. */
function galleryColumnWidth(mistakes: readonly Mistake[]): number {
  const captions = mistakes.flatMap((m) => [
    textWidth(captionText(m), CAPTION_FONT),
    textWidth(topText(m), TOP_FONT),
  ]);
  return Math.ceil(Math.max(DIGIT, ...captions) + GALLERY_GAP);
}

/** One misread digit, drawn pixel by pixel (only the ink: the page is one black square). */
function galleryDigit(mistake: Mistake, pixels: Uint8Array, x: number, y: number): string {
  const ink: string[] = [];
  for (let r = 0; r < IMAGE_ROWS; r++) {
    for (let c = 0; c < IMAGE_COLS; c++) {
      const value = pixels[r * IMAGE_COLS + c];
      if (value > 0) {
        const grey = value.toString(16).padStart(2, '0');
        ink.push(rect(x + c * PIXEL, y + r * PIXEL, PIXEL, PIXEL, `#${grey}${grey}${grey}`));
      }
    }
  }
  return element(
    'g',
    {
      class: 'mistake',
      'data-index': String(mistake.index),
      'data-label': String(mistake.label),
      'data-predicted': String(mistake.predicted),
    },
    [
      rect(x, y, DIGIT, DIGIT, 'black'),
      ...ink,
      text(x, y + DIGIT + 16, captionText(mistake), {
        'font-size': CAPTION_FONT,
        class: 'caption',
      }),
      text(x, y + DIGIT + 31, topText(mistake), { 'font-size': TOP_FONT, class: 'top' }),
    ].join(''),
  );
}

function gallery(summary: EvalSummary, split: MnistSplit, columnWidth: number): string[] {
  if (summary.mistakes.length === 0) return [];
  return [
    text(GALLERY_LEFT, GALLERY_TOP - 30, galleryTitle(summary.mistakes.length), {
      class: 'gallery-title',
    }),
    ...summary.mistakes.map((mistake, i) =>
      galleryDigit(
        mistake,
        split.image(mistake.index),
        GALLERY_LEFT + (i % GALLERY_COLUMNS) * columnWidth,
        GALLERY_TOP + Math.floor(i / GALLERY_COLUMNS) * GALLERY_ROW_HEIGHT,
      ),
    ),
  ];
}

/** The figure: `split` is the evaluated split, whose images the mistakes index. */
export function evalPlotSvg(
  summary: EvalSummary,
  split: MnistSplit,
  modelDescription: string,
): string {
  const rows = Math.ceil(summary.mistakes.length / GALLERY_COLUMNS);
  const columnWidth = galleryColumnWidth(summary.mistakes);
  const columns = Math.min(GALLERY_COLUMNS, summary.mistakes.length);
  const galleryWidth =
    columns === 0
      ? 0
      : Math.max(
          columns * columnWidth,
          textWidth(galleryTitle(summary.mistakes.length), 12) + GALLERY_GAP,
        );
  const width = MAP_WIDTH + Math.ceil(galleryWidth);
  const height = Math.max(
    MAP_TOP + summary.confusion.length * CELL + 90,
    GALLERY_TOP + rows * GALLERY_ROW_HEIGHT + 10,
  );
  const title = `${summary.set} set: ${percent(summary.accuracy, 2)} of ${summary.samples} right`;
  return svgDocument({ width, height, title: `${modelDescription} — ${title}` }, [
    text(width / 2, 24, modelDescription, {
      'text-anchor': 'middle',
      'font-size': 13,
      class: 'model',
    }),
    text(width / 2, 44, title, { 'text-anchor': 'middle', 'font-size': 15, class: 'title' }),
    ...heatMap(summary),
    ...gallery(summary, split, columnWidth),
  ]);
}
