// Walking keys for ListObjects(V2) and ListMultipartUploads: keys in UTF-8 byte order under a prefix,
// rolled up into common prefixes at the first delimiter after the prefix, a page at a time. Anything at
// or before the marker (StartAfter, a continuation token, Marker) is skipped, common prefixes included,
// so a page that ended on a common prefix resumes after every key under it.

/** One result: an item with its key, or a common prefix. */
export type Entry<T> = { readonly item: T; readonly key: string } | { readonly prefix: string };

export interface Walk<T> {
  readonly entries: Entry<T>[];
  readonly truncated: boolean;
  /** The last key or common prefix returned (the next page starts after it). */
  readonly last: string | undefined;
}

export interface WalkOptions<T> {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  /** Exclusive start. */
  readonly after: string | undefined;
  readonly max: number;
  fetch(range: { after?: string | undefined; from?: string | undefined; limit: number }): Promise<T[]>;
  keyOf(item: T): string;
}

export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The smallest string greater than every string that starts with `p` (in UTF-8 byte order). */
export function prefixSuccessor(p: string): string | undefined {
  const cps = [...p];
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

export async function walkKeys<T>(o: WalkOptions<T>): Promise<Walk<T>> {
  const entries: Entry<T>[] = [];
  if (o.max <= 0) return { entries, truncated: false, last: undefined };
  const batch = Math.min(1000, o.max + 1);
  let after = o.after !== undefined && byteCompare(o.after, o.prefix) >= 0 ? o.after : undefined;
  let from: string | undefined = o.prefix === '' ? undefined : o.prefix;
  let last: string | undefined;
  // Bounded: every round either returns an item, moves past a common prefix, or ends the walk.
  for (;;) {
    const rows = await o.fetch({ after, from, limit: batch });
    if (rows.length === 0) return { entries, truncated: false, last };
    let seek: string | undefined;
    for (const row of rows) {
      const key = o.keyOf(row);
      if (!key.startsWith(o.prefix)) return { entries, truncated: false, last };
      const d = o.delimiter ? key.indexOf(o.delimiter, o.prefix.length) : -1;
      if (d !== -1) {
        const cp = key.slice(0, d + o.delimiter!.length);
        const next = prefixSuccessor(cp);
        if (o.after === undefined || byteCompare(cp, o.after) > 0) {
          if (entries.length >= o.max) return { entries, truncated: true, last };
          entries.push({ prefix: cp });
          last = cp;
        }
        if (next === undefined) return { entries, truncated: false, last };
        seek = next;
        break;
      }
      if (entries.length >= o.max) return { entries, truncated: true, last };
      entries.push({ item: row, key });
      last = key;
      after = key;
    }
    if (seek !== undefined) {
      after = undefined;
      from = seek;
    } else if (rows.length < batch) {
      return { entries, truncated: false, last };
    }
  }
}
