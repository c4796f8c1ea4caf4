// Serializes a shape-typed value to XML by walking its shape: the response body of awsQuery, ec2Query
// and rest-xml. Element names come from the model (`locationName`, list member names such as `member`
// or `item`), never from a service's code.

import type { ListShape, MapShape, Shape, StructureShape } from '../model/shapes.js';
import type { ShapeObject, ShapeValue } from './protocol.js';
import { formatTimestamp, type TimestampStyle } from './timestamps.js';
import { escapeXml } from './xml.js';

export interface XmlWriterOptions {
  readonly timestamps: TimestampStyle;
  /** Per-shape transforms of string values, e.g. IAM's URL-encoding of `policyDocumentType`. */
  readonly stringEncoders?: ReadonlyMap<string, (value: string) => string>;
}

export class XmlShapeWriter {
  constructor(private readonly opts: XmlWriterOptions) {}

  /** The members of a structure, as a sequence of child elements (no wrapping element). */
  members(shape: StructureShape, value: ShapeObject): string {
    let xml = '';
    for (const [name, member] of shape.members) {
      const v = value[name];
      if (v === undefined || v === null) continue;
      if (member.location !== undefined || member.xmlAttribute) continue; // headers/status/attributes go elsewhere
      const tag = member.locationName ?? name;
      const mshape = member.shape;
      if (mshape.type === 'list' && (mshape.flattened || member.flattened)) {
        const itemTag = mshape.member.locationName ?? tag;
        for (const item of v as ShapeValue[]) xml += this.element(itemTag, mshape.member.shape, item);
      } else {
        xml += this.element(tag, mshape, v);
      }
    }
    return xml;
  }

  element(tag: string, shape: Shape, value: ShapeValue): string {
    return `<${tag}>${this.content(shape, value)}</${tag}>`;
  }

  content(shape: Shape, value: ShapeValue): string {
    switch (shape.type) {
      case 'structure':
        return this.members(shape, value as ShapeObject);
      case 'list':
        return this.#list(shape, value as ShapeValue[]);
      case 'map':
        return this.#map(shape, value as ShapeObject);
      case 'timestamp': {
        const d = value instanceof Date ? value : new Date(value as string);
        return formatTimestamp(
          d,
          shape.timestampFormat === 'unixTimestamp' ? 'unixTimestamp' : this.opts.timestamps,
        );
      }
      case 'blob':
        return Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value));
      case 'boolean':
        return value ? 'true' : 'false';
      case 'string': {
        const enc = this.opts.stringEncoders?.get(shape.name);
        return escapeXml(enc ? enc(String(value)) : String(value));
      }
      default:
        return String(value);
    }
  }

  #list(shape: ListShape, items: ShapeValue[]): string {
    const itemTag = shape.member.locationName ?? 'member';
    let xml = '';
    for (const item of items) xml += this.element(itemTag, shape.member.shape, item);
    return xml;
  }

  #map(shape: MapShape, value: ShapeObject): string {
    const k = shape.key.locationName ?? 'key';
    const v = shape.value.locationName ?? 'value';
    let xml = '';
    for (const [key, val] of Object.entries(value)) {
      if (val === undefined) continue;
      xml += `<entry>${this.element(k, shape.key.shape, key)}${this.element(v, shape.value.shape, val)}</entry>`;
    }
    return xml;
  }
}
