// A strict little XML reader for tests: enough of XML 1.0 to check that an SVG the tool wrote is
// well formed (balanced tags, quoted and unique attributes, known entities, one root) and to walk
// its elements. It throws on anything it does not understand rather than guessing.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its descendants'), entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & near offset ${at}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (body in named) return named[body];
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(body);
    if (!numeric) throw new Error(`unknown entity &${body}; near offset ${at}`);
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

export function parseXml(source: string): XmlElement {
  let position = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${position}`);
  };

  while (position < source.length) {
    if (source.startsWith('<?', position)) {
      const end = source.indexOf('?>', position);
      if (end < 0) fail('unterminated processing instruction');
      position = end + 2;
    } else if (source.startsWith('<!--', position)) {
      const end = source.indexOf('-->', position);
      if (end < 0) fail('unterminated comment');
      position = end + 3;
    } else if (source.startsWith('<!', position)) {
      fail('DOCTYPE and CDATA are not expected');
    } else if (source.startsWith('</', position)) {
      const match = NAME.exec(source.slice(position + 2));
      const name = match?.[0] ?? fail('bad closing tag');
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      position += 2 + name.length;
      while (/\s/.test(source[position] ?? '')) position++;
      if (source[position] !== '>') fail('bad closing tag');
      position++;
    } else if (source[position] === '<') {
      const match = NAME.exec(source.slice(position + 1));
      const name = match?.[0] ?? fail('bad tag name');
      position += 1 + name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        const space = /^\s*/.exec(source.slice(position))?.[0].length ?? 0;
        position += space;
        if (source.startsWith('/>', position) || source[position] === '>') break;
        if (space === 0) fail('attributes must be separated by whitespace');
        const attribute = /^([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(
          source.slice(position),
        );
        if (!attribute) fail(`bad attribute in <${name}>`);
        const [whole, key, , double, single] = attribute as RegExpExecArray;
        if (key in element.attributes) fail(`duplicate attribute ${key}`);
        element.attributes[key] = decodeEntities(double ?? single, position);
        position += whole.length;
      }
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('more than one root element');
      else root = element;
      if (source.startsWith('/>', position)) {
        position += 2;
      } else {
        position += 1;
        stack.push(element);
      }
    } else {
      const end = source.indexOf('<', position);
      const text = source.slice(position, end < 0 ? source.length : end);
      const parent = stack.at(-1);
      if (parent) parent.text += decodeEntities(text, position);
      else if (text.trim() !== '') fail('text outside the root element');
      position = end < 0 ? source.length : end;
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)?.name}> is never closed`);
  return root ?? fail('no root element');
}

/** Every element below (and including) `element` that `test` accepts, in document order. */
export function findAll(element: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const found = test(element) ? [element] : [];
  for (const child of element.children) found.push(...findAll(child, test));
  return found;
}

/** All text inside `element`, its descendants' included. */
export function textOf(element: XmlElement): string {
  return element.text + element.children.map(textOf).join('');
}
