// A small element tree over fast-xml-parser: elements in document order with their attributes, so mixed
// content (RevMan's rich text: <P>, <I>, <B>, <BR/>) keeps its order, and entities are decoded exactly once.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/** Where the XML is not well formed, in words: "line 3, column 7: Expected closing tag 'B' ...". */
export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    super(line === null ? reason : `line ${line}, column ${column}: ${reason}`);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are decoded below, once: the parser leaves numeric references (&#233;) alone otherwise, and a
  // DOCTYPE's own entities are never expanded.
  processEntities: false,
});

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five predefined entities and numeric character references (XML 1.0, section 4.1). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (whole, entity: string) => {
    if (!entity.startsWith('#')) return predefined[entity];
    const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(node: OrderedNode): XmlNode | null {
  for (const [key, value] of Object.entries(node)) {
    if (key === ':@') continue;
    if (key === '#text') return decodeEntities(String(value));
    if (key.startsWith('?') || key === '#comment') return null;
    const attributes: Record<string, string> = {};
    for (const [name, raw] of Object.entries(node[':@'] ?? {})) attributes[name] = decodeEntities(String(raw));
    const children = ((value as OrderedNode[]) ?? []).map(toNode).filter((child): child is XmlNode => child !== null);
    return { name: key, attributes, children };
  }
  return null;
}

/** The document's root element; throws XmlSyntaxError when the text is not well-formed XML. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlSyntaxError(valid.err.line ?? null, valid.err.col ?? null, valid.err.msg);
  const nodes = (parser.parse(xml) as OrderedNode[]).map(toNode);
  const root = nodes.find((node): node is XmlElement => node !== null && typeof node !== 'string');
  if (!root) throw new XmlSyntaxError(null, null, 'the document has no root element');
  return root;
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string' && (name === undefined || child.name === name));
}

export function childElement(element: XmlElement, name: string): XmlElement | null {
  return childElements(element, name)[0] ?? null;
}

/** The first element of this name at any depth below `element`, depth first. */
export function findElement(element: XmlElement, name: string): XmlElement | null {
  for (const child of childElements(element)) {
    if (child.name === name) return child;
    const found = findElement(child, name);
    if (found) return found;
  }
  return null;
}

/** Elements that end a line in RevMan's rich text. */
const blockElements = new Set(['P', 'BR', 'LI', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/** The element's text, paragraphs on their own lines and other white space collapsed; '' when empty. */
export function textOf(element: XmlElement | null): string {
  if (!element) return '';
  const parts: string[] = [];
  const walk = (node: XmlNode) => {
    if (typeof node === 'string') {
      parts.push(node);
      return;
    }
    for (const child of node.children) walk(child);
    if (blockElements.has(node.name)) parts.push('\n');
  };
  walk(element);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
