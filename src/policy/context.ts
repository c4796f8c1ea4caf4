// The request context: condition keys and their values (reference §6.6, §6.7, §7.1).
//
// Owns: RequestContext, an immutable map from condition-key name to value, built once per
// request by the services (usually through buildRequestContext in global-context.ts).
//   - Key names are case-insensitive (`aws:SourceIP` ≡ `AWS:sourceip`); values are not.
//   - A value is single-valued (a string) or multi-valued (an array, even of one element):
//     being multi-valued is a property of the request value, not of the policy (§6.7).
//   - An empty array is stored as absent: AWS treats "no tags" as "aws:TagKeys not present".
//   - Booleans and numbers are stored as their string forms ("true", "42").
// Typed views of a value (number, date, IP…) are parsed lazily, once per entry, by the operator
// families through valueParser(); the context itself knows no operator. Imports nothing.

export type ContextScalar = string | number | boolean;
export type ContextValueInput = ContextScalar | readonly ContextScalar[];

/** A typed reading of context values, memoised per entry. Create with valueParser(). */
export interface ValueParser<T> {
  readonly slot: number;
  readonly parse: (value: string) => T;
}

let nextSlot = 0;

export function valueParser<T>(parse: (value: string) => T): ValueParser<T> {
  return { slot: nextSlot++, parse };
}

export class ContextEntry {
  private parsed: (readonly unknown[] | undefined)[] | undefined;

  constructor(
    /** The key as the caller spelled it. */
    readonly key: string,
    readonly values: readonly string[],
    readonly multi: boolean,
  ) {}

  /** The values read through `p`, computed on first use. */
  parsedAs<T>(p: ValueParser<T>): readonly T[] {
    const cache = (this.parsed ??= []);
    let a = cache[p.slot] as readonly T[] | undefined;
    if (a === undefined) {
      a = this.values.map(p.parse);
      cache[p.slot] = a;
    }
    return a;
  }
}

function toStringValue(v: ContextScalar): string {
  return typeof v === 'string' ? v : String(v);
}

export class RequestContext {
  static readonly EMPTY = new RequestContext(new Map());

  private constructor(private readonly map: ReadonlyMap<string, ContextEntry>) {}

  /** Incremental construction without an intermediate record (what buildRequestContext uses). */
  static builder(): ContextBuilder {
    return new ContextBuilder(RequestContext.make);
  }

  private static readonly make = (map: Map<string, ContextEntry>): RequestContext => new RequestContext(map);

  /** Builds a context; later keys win over earlier ones that differ only in case. */
  static from(values: Readonly<Record<string, ContextValueInput | undefined>>): RequestContext {
    const map = new Map<string, ContextEntry>();
    addAll(map, values);
    return new RequestContext(map);
  }

  /** A new context with `values` added or replaced (undefined removes a key). */
  with(values: Readonly<Record<string, ContextValueInput | undefined>>): RequestContext {
    const map = new Map(this.map);
    addAll(map, values);
    return new RequestContext(map);
  }

  get(key: string): ContextEntry | undefined {
    return this.map.get(key.toLowerCase());
  }

  /** Lookup by an already lower-cased key (the compiled conditions' fast path). */
  getLower(keyLower: string): ContextEntry | undefined {
    return this.map.get(keyLower);
  }

  has(key: string): boolean {
    return this.map.has(key.toLowerCase());
  }

  get size(): number {
    return this.map.size;
  }

  /** Entries in insertion order. */
  entries(): ContextEntry[] {
    return [...this.map.values()];
  }

  /** Plain form: key → string or string[] (for logs, audit and tests). */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const e of this.map.values()) out[e.key] = e.multi ? [...e.values] : (e.values[0] ?? '');
    return out;
  }
}

export class ContextBuilder {
  private readonly map = new Map<string, ContextEntry>();

  constructor(private readonly make: (map: Map<string, ContextEntry>) => RequestContext) {}

  /** Adds a key (any case); undefined removes it, an empty array too. */
  set(key: string, value: ContextValueInput | undefined): this {
    addOne(this.map, key, value);
    return this;
  }

  /** Adds a single string value under a key already known in lower case. */
  setString(keyLower: string, key: string, value: string | undefined): this {
    if (value !== undefined) this.map.set(keyLower, new ContextEntry(key, [value], false));
    return this;
  }

  build(): RequestContext {
    return this.make(this.map);
  }
}

function addOne(map: Map<string, ContextEntry>, key: string, v: ContextValueInput | undefined): void {
  const lower = key.toLowerCase();
  if (v === undefined) {
    map.delete(lower);
    return;
  }
  if (Array.isArray(v)) {
    const arr = (v as readonly ContextScalar[]).map(toStringValue);
    if (arr.length === 0) map.delete(lower);
    else map.set(lower, new ContextEntry(key, arr, true));
  } else map.set(lower, new ContextEntry(key, [toStringValue(v as ContextScalar)], false));
}

function addAll(
  map: Map<string, ContextEntry>,
  values: Readonly<Record<string, ContextValueInput | undefined>>,
): void {
  for (const key of Object.keys(values)) addOne(map, key, values[key]);
}
