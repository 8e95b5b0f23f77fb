import type { ParseWarning } from './errors.ts';

/**
 * The one shape both formats are read into before mapping: an element (XML) or a property (JSON) with
 * its name, its path in the source file for messages, XML attributes, its own text, and its children in
 * order. JSON objects become children, arrays repeated children, scalars text.
 */
export interface XNode {
  name: string;
  path: string;
  attrs: Record<string, string>;
  text: string;
  children: XNode[];
}

/** fast-xml-parser `preserveOrder` output: `{ tag: [...children], ':@': {attr: value} }` or `{ '#text': v }`. */
type OrderedItem = Record<string, unknown>;

export function fromOrderedXml(items: OrderedItem[], parentPath: string): XNode[] {
  const elements = items.filter((item) => !('#text' in item));
  const counts = new Map<string, number>();
  for (const item of elements) {
    const name = tagOf(item);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return elements.map((item) => {
    const name = tagOf(item);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const path = `${parentPath ? `${parentPath}/` : ''}${name}${(counts.get(name) ?? 0) > 1 ? `[${n}]` : ''}`;
    const content = (item[name] as OrderedItem[] | undefined) ?? [];
    const text = content
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join('')
      .trim();
    const rawAttrs = (item[':@'] as Record<string, unknown> | undefined) ?? {};
    const attrs: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v).trim();
    return { name, path, attrs, text, children: fromOrderedXml(content, path) };
  });
}

function tagOf(item: OrderedItem): string {
  for (const key of Object.keys(item)) if (key !== ':@') return key;
  return '';
}

/** JSON value → node. `renames` maps JSON property names (plurals…) to the element names the mapper
 * knows; the path keeps the JSON spelling. */
export function fromJson(
  name: string,
  value: unknown,
  path: string,
  renames: Record<string, string>,
): XNode[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => fromJson(name, v, `${path}[${i}]`, renames));
  }
  const node: XNode = { name, path, attrs: Object.create(null), text: '', children: [] };
  if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const childName = Object.hasOwn(renames, key) ? renames[key]! : key;
      // A loop, not push(...): an array of 200,000 values must not become 200,000 call arguments.
      for (const child of fromJson(childName, v, path ? `${path}.${key}` : key, renames))
        node.children.push(child);
    }
  } else {
    node.text = String(value).trim();
  }
  return [node];
}

/** Reading helpers with warnings for what is not understood. */
export class Reader {
  readonly warnings: ParseWarning[] = [];

  /** `sep` joins path segments: `/` for XML, `.` for JSON. */
  constructor(readonly sep: '/' | '.') {}

  join(node: XNode, name: string): string {
    return node.path ? `${node.path}${this.sep}${name}` : name;
  }

  warn(path: string, message: string): void {
    if (this.warnings.length < 200) this.warnings.push({ path, message });
  }

  /** Warns once per unknown child name. */
  known(node: XNode, names: ReadonlySet<string>): void {
    const reported = new Set<string>();
    for (const child of node.children) {
      if (!names.has(child.name) && !reported.has(child.name)) {
        reported.add(child.name);
        this.warn(child.path, 'unknown element, ignored');
      }
    }
  }

  private readonly byName = new WeakMap<XNode, Map<string, XNode[]>>();

  /** Children with this name, in order (indexed once per node). */
  kids(node: XNode, name: string): XNode[] {
    let index = this.byName.get(node);
    if (!index) {
      index = new Map();
      for (const c of node.children) {
        const list = index.get(c.name);
        if (list) list.push(c);
        else index.set(c.name, [c]);
      }
      this.byName.set(node, index);
    }
    return index.get(name) ?? [];
  }

  kid(node: XNode, name: string): XNode | undefined {
    const all = this.kids(node, name);
    if (all.length > 1) this.warn(all[1]!.path, 'repeated; the first one is used');
    return all[0];
  }

  /** An XML attribute or a child's text, trimmed; null when absent or empty. */
  prop(node: XNode, name: string): string | null {
    const attr = node.attrs[name];
    if (attr !== undefined && attr !== '') return attr;
    const child = this.kid(node, name);
    return child && child.text !== '' ? child.text : null;
  }

  /** Path of a property for messages: `…/incidentSummary/incidentDateTime` or `…@attr`. */
  pathOf(node: XNode, name: string): string {
    if (node.attrs[name] !== undefined) return `${node.path}@${name}`;
    return this.kids(node, name)[0]?.path ?? this.join(node, name);
  }

  /** Every non-empty text of the children with this name. */
  texts(node: XNode, name: string): string[] {
    return this.kids(node, name)
      .map((c) => c.text)
      .filter((t) => t !== '');
  }
}
