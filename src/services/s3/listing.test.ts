// Listing keys page by page must give exactly what one brute-force pass over the sorted keys gives:
// the same objects and common prefixes, nothing twice, nothing skipped — for any keys, prefix,
// delimiter, start point and page size (property-based, fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteCompare, prefixSuccessor, walkKeys } from './listing.js';

function reference(
  keys: string[],
  prefix: string,
  delimiter: string | undefined,
  after: string | undefined,
): string[] {
  const out: string[] = [];
  for (const k of [...keys].sort(byteCompare)) {
    if (!k.startsWith(prefix)) continue;
    const d = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    const entry = d === -1 ? k : k.slice(0, d + delimiter!.length);
    if (after !== undefined && byteCompare(entry, after) <= 0) continue;
    if (out[out.length - 1] !== entry) out.push(entry);
  }
  return out;
}

async function paged(
  keys: string[],
  prefix: string,
  delimiter: string | undefined,
  after: string | undefined,
  max: number,
) {
  const sorted = [...new Set(keys)].sort(byteCompare);
  const fetch = async (r: { after?: string | undefined; from?: string | undefined; limit: number }) =>
    sorted
      .filter(
        (k) =>
          (r.after === undefined || byteCompare(k, r.after) > 0) &&
          (r.from === undefined || byteCompare(k, r.from) >= 0),
      )
      .slice(0, r.limit);
  const out: string[] = [];
  let start = after;
  for (let page = 0; page < 500; page++) {
    const w = await walkKeys({ prefix, delimiter, after: start, max, fetch, keyOf: (k: string) => k });
    for (const e of w.entries) out.push('prefix' in e ? e.prefix : e.key);
    if (!w.truncated) return out;
    expect(w.entries.length).toBe(max);
    start = w.last;
  }
  throw new Error('too many pages');
}

const alphabet = fc.constantFrom('a', 'b', '/', '-', 'é', '\u{1f600}', '~');
const key = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));

describe('walkKeys', () => {
  it('pages exactly as one pass over the sorted keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(key, { maxLength: 40 }),
        fc.constantFrom('', 'a', 'a/', 'b'),
        fc.option(fc.constantFrom('/', '-', 'é'), { nil: undefined }),
        fc.option(key, { nil: undefined }),
        fc.integer({ min: 1, max: 5 }),
        async (keys, prefix, delimiter, after, max) => {
          expect(await paged(keys, prefix, delimiter, after, max)).toEqual(
            reference([...new Set(keys)], prefix, delimiter, after),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns nothing, untruncated, for max-keys 0', async () => {
    const w = await walkKeys({
      prefix: '',
      delimiter: undefined,
      after: undefined,
      max: 0,
      fetch: async () => ['a'],
      keyOf: (k: string) => k,
    });
    expect(w).toEqual({ entries: [], truncated: false, last: undefined });
  });
});

describe('prefixSuccessor', () => {
  it('is greater than every string with the prefix and not itself prefixed by it', () => {
    for (const p of ['a/', 'a', 'x\u{d7ff}', 'é', '\u{1f600}']) {
      const s = prefixSuccessor(p)!;
      expect(s.startsWith(p)).toBe(false);
      expect(byteCompare(p + '\u{10ffff}\u{10ffff}', s)).toBeLessThan(0);
      expect(byteCompare(p, s)).toBeLessThan(0);
    }
  });
});
