import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FieldError } from './errors.ts';
import { fromOrderedXml, type XNode } from './tree.ts';

/**
 * XML → node tree, safely.
 * - Any DOCTYPE or ENTITY declaration is refused before parsing: no DTD, so no external entities (XXE)
 *   and no entity expansion ("billion laughs"). Only the five predefined entities and numeric character
 *   references are decoded.
 * - The document must be well-formed (fast-xml-parser's validator: unclosed or mismatched tags,
 *   truncated files, text after the root…); errors name the line and column.
 * - Elements nest at most `maxDepth` deep; names like `__proto__` are refused by the parser.
 * - Values stay strings (no number parsing: `0123` stays `0123`); namespace prefixes are dropped.
 */
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;

/** Our own entity decoder: the five predefined entities and character references, nothing else.
 * A reference to a character XML does not allow becomes U+FFFD; unknown names stay as written. */
function decodeReference(whole: string, ref: string): string {
  if (!ref.startsWith('#')) return PREDEFINED[ref] ?? whole;
  const cp = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
  const allowed =
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
  return allowed ? String.fromCodePoint(cp) : '\uFFFD';
}

const entityDecoder = {
  decode: (text: string) => (text.includes('&') ? text.replace(REFERENCE, decodeReference) : text),
  reset: () => {},
  setXmlVersion: () => {},
  setExternalEntities: () => {},
  addInputEntities: () => {
    // Unreachable: DOCTYPE is refused before parsing. Refuse again rather than ever expanding.
    throw new Error('DTD entities are not accepted');
  },
};

function parserFor(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    entityDecoder,
    maxNestedTags: maxDepth,
    // No callbacks use paths; not building path strings saves time.
    jPath: false,
  });
}

const parsers = new Map<number, XMLParser>();

export function lineAndColumn(text: string, index: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line}, column ${index - last}`;
}

export function xmlToTree(text: string, maxDepth: number): XNode {
  const declaration = /<!\s*(DOCTYPE|ENTITY)/i.exec(text);
  if (declaration) {
    throw new FieldError(
      lineAndColumn(text, declaration.index),
      `${declaration[1]!.toUpperCase()} declarations are not accepted (external entities and entity expansion are refused)`,
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new FieldError(`line ${line}${col ? `, column ${col}` : ''}`, `not well-formed XML: ${msg}`);
  }
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = parserFor(maxDepth);
    parsers.set(maxDepth, parser);
  }
  let ordered: Record<string, unknown>[];
  try {
    ordered = parser.parse(text) as Record<string, unknown>[];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/nested tags/i.test(message))
      throw new FieldError('', `elements nested deeper than ${maxDepth} levels`);
    throw new FieldError('', `not well-formed XML: ${message.replace(/^\[[A-Z]+\]\s*/, '').slice(0, 200)}`);
  }
  const roots = fromOrderedXml(ordered, '');
  if (roots.length !== 1) throw new FieldError('', `expected one root element, found ${roots.length}`);
  const root = roots[0]!;
  if (root.name !== 'report')
    throw new FieldError(root.name, `root element is <${root.name}>, expected <report>`);
  return root;
}
