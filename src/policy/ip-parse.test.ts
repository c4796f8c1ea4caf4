import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './ip-parse.js';

describe('IP parsing', () => {
  it.each([
    ['10.0.0.1', false],
    ['::1', true],
    ['2001:db8::', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['::ffff:10.1.2.3', false],
    ['64:ff9b::192.0.2.1', true],
  ])('parses %s', (text, v6) => {
    expect(parseIp(text)?.v6).toBe(v6);
  });

  it.each(['10.0.0', '10.0.0.256', '1.2.3.4.5', 'a.b.c.d', '::1::', '1:2:3:4:5:6:7:8:9', '', ':', '12345::'])(
    'rejects %s',
    (text) => expect(parseIp(text)).toBeUndefined(),
  );

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x'])('rejects CIDR %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('treats a bare address as a host route', () => {
    const c = parseCidr('192.0.2.7');
    expect(c?.prefix).toBe(32);
    expect(cidrContains(c!, parseIp('192.0.2.7')!)).toBe(true);
    expect(cidrContains(c!, parseIp('192.0.2.8')!)).toBe(false);
  });

  it('IPv4 membership agrees with arithmetic for every prefix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
        (a, b, p) => {
          const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
          const c = parseCidr(`${dotted(a)}/${p}`)!;
          const mask = p === 0 ? 0 : (~0 << (32 - p)) >>> 0;
          const expected = (a & mask) >>> 0 === (b & mask) >>> 0;
          expect(cidrContains(c, parseIp(dotted(b))!)).toBe(expected);
        },
      ),
    );
  });

  it('IPv6 prefixes across word boundaries', () => {
    const c = parseCidr('2001:db8:1234:5600::/56')!;
    expect(cidrContains(c, parseIp('2001:db8:1234:56ff::1')!)).toBe(true);
    expect(cidrContains(c, parseIp('2001:db8:1234:5700::1')!)).toBe(false);
    expect(cidrContains(parseCidr('::/0')!, parseIp('ffff::')!)).toBe(true);
  });
});
