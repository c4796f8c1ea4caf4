import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKey, Sealer } from './sealer.js';

describe('Sealer', () => {
  const key = randomBytes(32);

  it('opens what it sealed, bound to its context', () => {
    const s = Sealer.single(key);
    const sealed = s.seal('secret-value', 'AKIAEXAMPLE');
    expect(sealed).not.toContain('secret-value');
    expect(s.open(sealed, 'AKIAEXAMPLE')?.toString()).toBe('secret-value');
    expect(s.open(sealed, 'AKIAOTHER')).toBeUndefined();
  });

  it('refuses altered values, unknown keys and garbage', () => {
    const s = Sealer.single(key);
    const sealed = s.seal('x');
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(s.open(flipped)).toBeUndefined();
    expect(Sealer.single(randomBytes(32)).open(sealed)).toBeUndefined();
    for (const junk of ['', '.', 'abc', 'k.', 'k.!!!!', sealed.split('.')[0] + '.AAAA'])
      expect(s.open(junk)).toBeUndefined();
  });

  it('keeps opening values sealed under an older key after rotation', () => {
    const s = new Sealer(new Map([['a', key]]), 'a');
    const old = s.seal('old');
    s.addKey('b', randomBytes(32), true);
    expect(s.seal('new').startsWith('b.')).toBe(true);
    expect(s.open(old)?.toString()).toBe('old');
  });

  it('parses master keys in hex and base64', () => {
    expect(parseKey(key.toString('hex'))).toEqual(key);
    expect(parseKey(key.toString('base64'))).toEqual(key);
    expect(parseKey('too-short')).toBeUndefined();
  });
});
