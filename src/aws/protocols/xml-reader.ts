// Reads an XML request body into a shape-typed value (rest-xml payloads: S3's <Delete>, <Tagging>,
// <CompleteMultipartUpload>, …), the inverse of ./xml-shape-writer.ts. Parsing is fast-xml-parser,
// hardened: documents with a DOCTYPE are refused outright (no entity definitions, so nothing to expand),
// only XML's five predefined entities and numeric character references are decoded, nesting is
// bounded, and the caller bounds the size. Element values stay strings until the shape says what they
// are, so keys with spaces or leading zeros arrive exactly as sent.

import { XMLParser } from 'fast-xml-parser';
import type { ListShape, Member, Shape, StructureShape } from '../model/shapes.js';
import type { ShapeObject, ShapeValue } from './protocol.js';
import { parseTimestamp } from './timestamps.js';

/** Why a body could not be read: not well-formed XML, or a value that is not of its member's type. */
export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's predefined entities and character references; anything else is left as it is. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type Node = string | { [name: string]: Node | Node[] };

/** Parses `text` and returns the root element's name and content. Throws XmlReadError. */
export function parseXmlDocument(text: string): { root: string; content: Node } {
  if (/<!DOCTYPE/i.test(text)) throw new XmlReadError('DOCTYPE declarations are not accepted');
  // The parser's validation misses text after a self-closing root (`<a/>junk`).
  if (!text.trimEnd().endsWith('>')) throw new XmlReadError('text after the root element');
  let doc: Record<string, Node>;
  try {
    doc = parser.parse(text, true) as Record<string, Node>;
  } catch (e) {
    throw new XmlReadError((e as Error).message);
  }
  const roots = Object.keys(doc).filter((k) => k !== '#text');
  if (roots.length !== 1) throw new XmlReadError('expected exactly one root element');
  const root = roots[0]!;
  const content = doc[root]!;
  if (Array.isArray(content)) throw new XmlReadError('expected exactly one root element');
  return { root, content };
}

/** Reads `content` (an element's parsed content) as a value of `shape`. Throws XmlReadError. */
export function readXmlValue(shape: Shape, content: Node | Node[] | undefined): ShapeValue {
  if (content === undefined) return undefined;
  switch (shape.type) {
    case 'structure':
      return readStructure(shape, single(content));
    case 'list':
      return readList(shape, single(content));
    case 'map':
      throw new XmlReadError(`maps in XML bodies are not supported (${shape.name})`);
    default:
      return readScalar(shape, text(single(content)));
  }
}

function single(content: Node | Node[]): Node {
  if (Array.isArray(content)) throw new XmlReadError('element repeated where one was expected');
  return content;
}

function text(node: Node): string {
  if (typeof node === 'string') return decodeEntities(node);
  // An element with children where a value was expected; its own text (if any) is under #text.
  const own = node['#text'];
  if (Object.keys(node).some((k) => k !== '#text'))
    throw new XmlReadError('element where a value was expected');
  return typeof own === 'string' ? decodeEntities(own) : '';
}

function children(node: Node): { [name: string]: Node | Node[] } {
  // `<Tagging/>` and whitespace-only content parse as strings: an element without children.
  if (typeof node === 'string') {
    if (node.trim() !== '') throw new XmlReadError('text where elements were expected');
    return {};
  }
  return node;
}

function elementName(member: Member): string {
  return member.locationName ?? member.name;
}

function readStructure(shape: StructureShape, node: Node): ShapeObject {
  const kids = children(node);
  const out: ShapeObject = {};
  for (const [name, member] of shape.members) {
    if (member.location !== undefined || member.xmlAttribute) continue;
    const mshape = member.shape;
    if (mshape.type === 'list' && (mshape.flattened || member.flattened)) {
      const tag = member.locationName ?? mshape.member.locationName ?? name;
      const items = kids[tag];
      if (items === undefined) continue;
      out[name] = (Array.isArray(items) ? items : [items]).map((i) => readXmlValue(mshape.member.shape, i));
      continue;
    }
    const value = readXmlValue(mshape, kids[elementName(member)]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readList(shape: ListShape, node: Node): ShapeValue[] {
  const kids = children(node);
  const items = kids[shape.member.locationName ?? 'member'];
  if (items === undefined) return [];
  return (Array.isArray(items) ? items : [items]).map((i) => readXmlValue(shape.member.shape, i));
}

function readScalar(shape: Shape, raw: string): ShapeValue {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const t = raw.trim();
      if (!/^[+-]?\d{1,16}$/.test(t)) throw new XmlReadError(`'${raw}' is not an integer`);
      return Number(t);
    }
    case 'double':
    case 'float': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || Number.isNaN(n)) throw new XmlReadError(`'${raw}' is not a number`);
      return n;
    }
    case 'boolean': {
      const t = raw.trim();
      if (t !== 'true' && t !== 'false') throw new XmlReadError(`'${raw}' is not a boolean`);
      return t === 'true';
    }
    case 'timestamp': {
      const d = parseTimestamp(raw.trim());
      if (!d) throw new XmlReadError(`'${raw}' is not a timestamp`);
      return d;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}
