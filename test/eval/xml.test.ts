import { describe, expect, it } from 'vitest';
import { findAll, parseXml, textOf } from './xml.js';

describe('parseXml (the tests’ own XML reader)', () => {
  it('reads elements, attributes, entities and nesting', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c --><svg a="1" b=\'x &amp; y\'><g><text>3 &lt; 4</text></g><rect/></svg>\n',
    );
    expect(root.name).toBe('svg');
    expect(root.attributes).toEqual({ a: '1', b: 'x & y' });
    expect(findAll(root, (e) => e.name === 'text').map(textOf)).toEqual(['3 < 4']);
    expect(findAll(root, () => true).map((e) => e.name)).toEqual(['svg', 'g', 'text', 'rect']);
  });

  it.each([
    ['<svg><g></svg>', /closes/],
    ['<svg>', /never closed/],
    ['<svg a=1/>', /bad attribute/],
    ['<svg a="1" a="2"/>', /duplicate/],
    ['<svg>&nbsp;</svg>', /unknown entity/],
    ['<svg>a & b</svg>', /bare &/],
    ['<svg/><svg/>', /more than one root/],
    ['<svg a="<"/>', /bad attribute/],
    ['', /no root/],
  ])('rejects %s', (source, why) => {
    expect(() => parseXml(source)).toThrow(why);
  });
});
