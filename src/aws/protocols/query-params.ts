// Decodes AWS Query parameters (`Tags.member.1.Key=…`) into a shape-typed value, the inverse of the SDKs'
// query serializers. The naming of members and list items differs between awsQuery and ec2Query; the
// caller passes a QueryNaming for that (STYLE.md §5: EC2 is Query with settings, not a copy).

import type { AwsError } from '../errors.js';
import type { ListShape, MapShape, Member, Shape, StructureShape } from '../model/shapes.js';
import type { ShapeObject, ShapeValue } from './protocol.js';
import { parseTimestamp } from './timestamps.js';

export interface QueryNaming {
  /** The parameter name of a structure member. */
  memberName(member: Member): string;
  /** The parameter prefix of list items (without the index): `Tags.member` (awsQuery) or `Tags` (ec2). */
  listItemPrefix(prefix: string, list: ListShape): string;
  /** The error for a value that cannot be read as its type. */
  malformed(param: string, value: string, expected: string): AwsError;
}

/** Bounds every list and map read from a request, so a hostile index cannot make the decoder loop. */
const MAX_ITEMS = 10_000;

export class QueryParamReader {
  readonly #params: ReadonlyMap<string, string>;
  readonly #prefixes = new Set<string>();

  constructor(
    params: ReadonlyMap<string, string>,
    private readonly naming: QueryNaming,
  ) {
    this.#params = params;
    for (const key of params.keys()) {
      let i = key.indexOf('.');
      while (i !== -1) {
        this.#prefixes.add(key.slice(0, i));
        i = key.indexOf('.', i + 1);
      }
    }
  }

  /** True when some parameter is `prefix` itself or nested under it. */
  #present(prefix: string): boolean {
    return this.#params.has(prefix) || this.#prefixes.has(prefix);
  }

  readStructure(shape: StructureShape, prefix: string): ShapeObject {
    const out: ShapeObject = {};
    for (const [name, member] of shape.members) {
      const key =
        prefix === '' ? this.naming.memberName(member) : `${prefix}.${this.naming.memberName(member)}`;
      const value = this.#read(member.shape, key);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  #read(shape: Shape, key: string): ShapeValue {
    switch (shape.type) {
      case 'structure':
        return this.#present(key) ? this.readStructure(shape, key) : undefined;
      case 'list':
        return this.#readList(shape, key);
      case 'map':
        return this.#readMap(shape, key);
      default: {
        const raw = this.#params.get(key);
        return raw === undefined ? undefined : this.#scalar(shape.type, key, raw);
      }
    }
  }

  #readList(shape: ListShape, key: string): ShapeValue[] | undefined {
    if (!this.#present(key)) return undefined;
    const itemPrefix = this.naming.listItemPrefix(key, shape);
    const items: ShapeValue[] = [];
    for (let i = 1; i <= MAX_ITEMS; i++) {
      const k = `${itemPrefix}.${i}`;
      if (!this.#present(k)) break;
      items.push(this.#read(shape.member.shape, k));
    }
    if (items.length > 0) return items;
    // awsQuery sends an empty list as `Name=`.
    return this.#params.has(key) ? [] : undefined;
  }

  #readMap(shape: MapShape, key: string): ShapeObject | undefined {
    if (!this.#present(key)) return undefined;
    const entryPrefix = shape.flattened ? key : `${key}.entry`;
    const keyName = shape.key.locationName ?? 'key';
    const valueName = shape.value.locationName ?? 'value';
    const out: ShapeObject = {};
    for (let i = 1; i <= MAX_ITEMS; i++) {
      const k = this.#params.get(`${entryPrefix}.${i}.${keyName}`);
      if (k === undefined) break;
      out[k] = this.#read(shape.value.shape, `${entryPrefix}.${i}.${valueName}`);
    }
    return out;
  }

  #scalar(type: Shape['type'], key: string, raw: string): ShapeValue {
    switch (type) {
      case 'string':
        return raw;
      case 'integer':
      case 'long': {
        if (!/^[+-]?\d+$/.test(raw.trim())) throw this.naming.malformed(key, raw, 'an integer');
        return Number(raw);
      }
      case 'double':
      case 'float': {
        const n = Number(raw);
        if (raw.trim() === '' || Number.isNaN(n)) throw this.naming.malformed(key, raw, 'a number');
        return n;
      }
      case 'boolean': {
        const l = raw.toLowerCase();
        if (l !== 'true' && l !== 'false') throw this.naming.malformed(key, raw, 'true or false');
        return l === 'true';
      }
      case 'timestamp': {
        const d = parseTimestamp(raw);
        if (!d) throw this.naming.malformed(key, raw, 'an ISO-8601 timestamp');
        return d;
      }
      case 'blob':
        return Buffer.from(raw, 'base64');
      default:
        return raw;
    }
  }
}
