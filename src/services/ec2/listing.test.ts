// EC2 list conventions: filters (ORed values, ANDed filters, wildcards, unknown names refused), opaque
// NextTokens, MaxResults ranges.
import { describe, expect, it } from 'vitest';
import { checkMaxResults, compileFilters, decodeNextToken, encodeNextToken, pageOf } from './listing.js';

interface Item {
  id: string;
  state: string;
  tags: Record<string, string>;
}

const FIELDS = {
  'instance-id': (i: Item) => i.id,
  'instance-state-name': (i: Item) => i.state,
  'tag:': (i: Item, name: string) => i.tags[name.slice(4)],
};

const items: Item[] = [
  { id: 'i-1', state: 'running', tags: { Name: 'web-1' } },
  { id: 'i-2', state: 'stopped', tags: { Name: 'web-2' } },
  { id: 'i-3', state: 'running', tags: { Name: 'db*1' } },
];

describe('compileFilters', () => {
  it('ORs values and ANDs filters, with * and ? wildcards and \\ escapes', () => {
    const ids = (f: Parameters<typeof compileFilters>[0]) =>
      items.filter(compileFilters(f, FIELDS)).map((i) => i.id);
    expect(ids(undefined)).toEqual(['i-1', 'i-2', 'i-3']);
    expect(
      ids([
        { Name: 'instance-state-name', Values: ['running', 'stopped'] },
        { Name: 'tag:Name', Values: ['web-*'] },
      ]),
    ).toEqual(['i-1', 'i-2']);
    expect(
      ids([
        { Name: 'tag:Name', Values: ['web-?'] },
        { Name: 'instance-state-name', Values: ['running'] },
      ]),
    ).toEqual(['i-1']);
    expect(ids([{ Name: 'tag:Name', Values: ['db\\*1'] }])).toEqual(['i-3']);
    expect(ids([{ Name: 'tag:Name', Values: ['WEB-1'] }])).toEqual([]);
    expect(ids([{ Name: 'tag:Missing', Values: ['*'] }])).toEqual([]);
  });

  it('refuses filter names the operation does not know', () => {
    expect(() => compileFilters([{ Name: 'instance-ids', Values: ['x'] }], FIELDS)).toThrow(
      "The filter 'instance-ids' is invalid",
    );
  });
});

describe('pagination', () => {
  it('pages with opaque tokens that appear only while more items remain', () => {
    const all = Array.from({ length: 12 }, (_, i) => i);
    const p1 = pageOf(all, undefined, 5, 1000);
    expect(p1.items).toEqual([0, 1, 2, 3, 4]);
    const p3 = pageOf(all, pageOf(all, p1.nextToken, 5, 1000).nextToken, 5, 1000);
    expect(p3).toEqual({ items: [10, 11], nextToken: undefined });
    expect(pageOf(all.slice(0, 5), undefined, 5, 1000).nextToken).toBeUndefined();
    expect(decodeNextToken(encodeNextToken(7))).toBe(7);
    for (const bad of ['x', encodeNextToken(3) + 'A', Buffer.from('lk1:-1').toString('base64url')])
      expect(() => decodeNextToken(bad)).toThrow('pagination token');
  });

  it('checks MaxResults ranges', () => {
    expect(() => checkMaxResults(4, 5, 1000)).toThrow('maxResults');
    expect(() => checkMaxResults(1001, 5, 1000)).toThrow('maxResults');
    expect(() => checkMaxResults(5, 5, 1000)).not.toThrow();
  });
});
