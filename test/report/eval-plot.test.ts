import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE, MnistSplit } from '../../src/data/dataset.js';
import { confusionMatrix } from '../../src/eval/confusion.js';
import { summarize } from '../../src/eval/summary.js';
import { evalPlotSvg, shade } from '../../src/report/eval-plot.js';
import { textWidth } from '../../src/report/svg.js';
import { findAll, parseXml, textOf } from '../eval/xml.js';

describe('shade', () => {
  it('runs from white to the full colour', () => {
    expect(shade([35, 139, 69], 0)).toBe('#ffffff');
    expect(shade([35, 139, 69], 1)).toBe('#238b45');
    expect(shade([35, 139, 69], 7)).toBe('#238b45');
  });
});

// 20 samples of 10 classes: two of each digit; one 3 read as 5, probabilities made up so that
// the mistake is 80% sure.
function fixture(mistakeCount: number) {
  const labels = Uint8Array.from({ length: 20 }, (_, i) => i % 10);
  const predictions = Uint8Array.from(labels);
  predictions[3] = 5;
  const probabilities = new Float64Array(200);
  predictions.forEach((p, i) => {
    probabilities.fill(0.2 / 9, i * 10, i * 10 + 10);
    probabilities[i * 10 + p] = 0.8;
  });
  const images = new Uint8Array(20 * IMAGE_SIZE);
  images.fill(255, 3 * IMAGE_SIZE + 100, 3 * IMAGE_SIZE + 110); // ten ink pixels in sample 3
  const split = new MnistSplit(images, labels);
  const evaluation = {
    predictions,
    probabilities,
    confusion: confusionMatrix(labels, predictions, 10),
  };
  return { split, summary: summarize(evaluation, labels, 'test', mistakeCount) };
}

describe('evalPlotSvg', () => {
  it('draws every cell, outlines the confusion, and shades the diagonal by recall', () => {
    const { split, summary } = fixture(6);
    const svg = parseXml(evalPlotSvg(summary, split, 'model.json: TwoLayerNet'));
    const cells = findAll(
      svg,
      (e) => e.name === 'g' && (e.attributes.class ?? '').startsWith('cell'),
    );
    expect(cells).toHaveLength(100);
    const cell = (a: number, p: number) => {
      const found = cells.find(
        (c) =>
          c.attributes['data-actual'] === String(a) && c.attributes['data-predicted'] === String(p),
      );
      if (!found) throw new Error(`no cell (${a}, ${p})`);
      return found;
    };
    expect(cell(3, 5).attributes.class).toBe('cell worst');
    expect(textOf(cell(3, 5))).toBe('1');
    const fill = (a: number, p: number) =>
      findAll(cell(a, p), (e) => e.name === 'rect')[0].attributes.fill;
    expect(fill(3, 3)).not.toBe(fill(4, 4)); // recall 50% against 100%
    expect(fill(3, 4)).toBe('white');
    expect(findAll(svg, (e) => e.attributes.class === 'title').map(textOf)).toEqual([
      'test set: 95.00% of 20 right',
    ]);
  });

  it('draws the one mistake with its ink and caption', () => {
    const { split, summary } = fixture(6);
    const svg = parseXml(evalPlotSvg(summary, split, 'model'));
    const mistakes = findAll(svg, (e) => e.attributes.class === 'mistake');
    expect(mistakes).toHaveLength(1);
    // the black page plus one square per ink pixel
    expect(findAll(mistakes[0], (e) => e.name === 'rect')).toHaveLength(11);
    expect(findAll(mistakes[0], (e) => e.attributes.class === 'caption').map(textOf)).toEqual([
      'true 3, read 5',
    ]);
  });

  it('leaves the gallery out when no mistakes are asked for', () => {
    const { split, summary } = fixture(0);
    const svg = parseXml(evalPlotSvg(summary, split, 'model'));
    expect(findAll(svg, (e) => e.attributes.class === 'mistake')).toEqual([]);
    expect(findAll(svg, (e) => e.attributes.class === 'gallery-title')).toEqual([]);
  });

  it('fits every caption in its cell, the widest ("1 100% · 0 <1% · 2 <1%") included', () => {
    // 60 samples; the first six read one too high and 99.6% sure of it
    const labels = Uint8Array.from({ length: 60 }, (_, i) => i % 10);
    const predictions = labels.map((label, i) => (i < 6 ? (label + 1) % 10 : label));
    const probabilities = new Float64Array(600);
    predictions.forEach((p, i) => {
      probabilities.fill(0.004 / 9, i * 10, i * 10 + 10);
      probabilities[i * 10 + p] = 0.996;
    });
    const split = new MnistSplit(new Uint8Array(60 * IMAGE_SIZE), labels);
    const summary = summarize(
      { predictions, probabilities, confusion: confusionMatrix(labels, predictions, 10) },
      labels,
      'test',
      6,
    );
    const svg = parseXml(evalPlotSvg(summary, split, 'model.json: TwoLayerNet'));
    const width = Number(svg.attributes.width);
    const mistakes = findAll(svg, (e) => e.attributes.class === 'mistake');
    expect(mistakes).toHaveLength(6);
    const left = (mistake: (typeof mistakes)[number]) => Number(mistake.children[0].attributes.x);
    const columns = [...new Set(mistakes.map(left))].sort((a, b) => a - b);
    expect(columns).toHaveLength(3);
    const pitch = columns[1] - columns[0];
    const tops = mistakes.map((m) => findAll(m, (e) => e.attributes.class === 'top')[0]);
    expect(tops.map(textOf)).toContain('1 100% · 0 <1% · 2 <1%');
    for (const mistake of mistakes) {
      for (const caption of findAll(mistake, (e) => e.name === 'text')) {
        const end =
          Number(caption.attributes.x) +
          textWidth(textOf(caption), Number(caption.attributes['font-size']));
        // clear of the next column by a gap, and inside the figure
        expect(end, textOf(caption)).toBeLessThanOrEqual(left(mistake) + pitch - 8);
        expect(end).toBeLessThanOrEqual(width);
      }
    }
  });
});
