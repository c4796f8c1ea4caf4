import { describe, expect, it } from 'vitest';
import type { JsonNumber } from './json-reader.js';
import { isJsonObject, JsonSyntaxError, lineColumn, readJson } from './json-reader.js';

describe('readJson', () => {
  it('reads the JSON value kinds', () => {
    const v = readJson('{"a": [1, -2.5e3, true, false, null, "x\\n\\u0041"], "b": {}}');
    expect(isJsonObject(v)).toBe(true);
    if (!isJsonObject(v)) return;
    const a = v.entries.get('a') as unknown[];
    expect((a[0] as JsonNumber).raw).toBe('1');
    expect((a[1] as JsonNumber).raw).toBe('-2.5e3');
    expect(a.slice(2)).toEqual([true, false, null, 'x\nA']);
  });

  it('keeps object spans: offset of { and just past }', () => {
    const text = '{"S": {"k": 1}}';
    const v = readJson(text);
    if (!isJsonObject(v)) throw new Error('object expected');
    const inner = v.entries.get('S');
    if (!isJsonObject(inner)) throw new Error('object expected');
    expect(text.slice(inner.start, inner.end)).toBe('{"k": 1}');
  });

  it('flags duplicate keys instead of silently keeping one', () => {
    const v = readJson('{"a": 1, "a": 2}');
    expect(isJsonObject(v) && v.duplicateKey).toBe(true);
  });

  it.each([
    '',
    '{',
    '{"a":}',
    '{"a":1,}',
    '[1,]',
    '{a:1}',
    "{'a':1}",
    '01',
    '1.',
    '-',
    '"\\x"',
    '"\t"',
    'tru',
    '{} {}',
    '\uFEFF{}',
    '['.repeat(100) + ']'.repeat(100),
  ])('refuses %j', (text) => {
    expect(() => readJson(text)).toThrow(JsonSyntaxError);
  });

  it('accepts surrounding whitespace', () => {
    expect(readJson(' \n\t{} \r\n')).toMatchObject({ kind: 'object' });
  });

  it('converts offsets to 1-based lines and columns', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
