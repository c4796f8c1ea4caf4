// IMDSv2 tokens: AWS's shape, bound to one instance boot, expiring on the injected clock.
import { describe, expect, it } from 'vitest';
import { parseTtl, TokenIssuer } from './tokens.js';

describe('TokenIssuer', () => {
  const issuer = new TokenIssuer(Buffer.alloc(32, 9));
  const t0 = 1_800_000_000_000;

  it('issues 56-character base64url tokens with padding, like AWS’s', () => {
    expect(issuer.issue('i-1:1', 21600, t0)).toMatch(/^AQ[A-Za-z0-9_-]{52}==$/);
    expect(issuer.issue('i-1:1', 60, t0)).not.toBe(issuer.issue('i-1:1', 60, t0));
  });

  it('accepts a token at its own instance and boot only, until it expires, and reports the seconds left', () => {
    const t = issuer.issue('i-a:1', 100, t0);
    expect(issuer.check(t, 'i-a:1', t0 + 40_000)).toEqual({ valid: true, remaining: 60 });
    expect(issuer.check(t, 'i-b:1', t0).valid).toBe(false);
    expect(issuer.check(t, 'i-a:2', t0).valid).toBe(false);
    expect(issuer.check(t, 'i-a:1', t0 + 100_000).valid).toBe(false);
    const other = new TokenIssuer(Buffer.alloc(32, 8));
    expect(other.check(t, 'i-a:1', t0).valid).toBe(false);
  });

  it('refuses altered and malformed tokens', () => {
    const t = issuer.issue('i-a:1', 100, t0);
    const flipped = t.slice(0, 10) + (t[10] === 'A' ? 'B' : 'A') + t.slice(11);
    for (const bad of [flipped, t.slice(1), '', 'x'.repeat(56), t.replace('==', 'AA')])
      expect(issuer.check(bad, 'i-a:1', t0).valid).toBe(false);
  });
});

describe('parseTtl', () => {
  it('takes integers 1–21600 only', () => {
    expect(['1', '300', '21600'].map(parseTtl)).toEqual([1, 300, 21600]);
    expect([undefined, '', '0', '21601', '-5', '1.5', 'abc', '1e3', '0x10'].map(parseTtl)).toEqual(
      Array(9).fill(undefined),
    );
  });
});
