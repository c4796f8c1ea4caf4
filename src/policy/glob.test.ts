import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestContext } from './context.js';
import { Glob } from './glob.js';
import { tokenize } from './variables.js';

const ctx = RequestContext.EMPTY;

/** The reference semantics: `*` any run, `?` one character, everything else literal. */
function oracle(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(text);
}

describe('Glob', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'x', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['ab*', 'ab', true],
    ['ab*', 'abzz', true],
    ['*yz', 'xyz', true],
    ['*yz', 'yzx', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*a?', 'xxab', true],
    ['**', 'x', true],
    ['a*a*a*a*a*b', 'a'.repeat(200), false],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(Glob.of(pattern).test(text, ctx)).toBe(expected);
  });

  it('agrees with a regular-expression oracle', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', ':', '*', '?');
    const textAlphabet = fc.constantFrom('a', 'b', '/', ':');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: textAlphabet, maxLength: 10 }),
        (p, t) => {
          expect(Glob.of(p).test(t, ctx)).toBe(oracle(p, t));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('matches a sub-range of a longer string', () => {
    expect(Glob.of('b*').matches('xxbyyzz', 2, 5, ctx)).toBe(true);
    expect(Glob.of('b*z').matches('xxbyyzz', 2, 5, ctx)).toBe(false);
  });

  it('lower-cases the pattern on request', () => {
    expect(Glob.of('AB*', true).test('abc', ctx)).toBe(true);
  });

  it('matches variables literally', () => {
    const c = RequestContext.from({ 'x:v': 'a*b' });
    const g = Glob.fromTokens(tokenize('pre/${x:v}/*'), 'pre/${x:v}/*');
    expect(g.test('pre/a*b/c', c)).toBe(true);
    expect(g.test('pre/aXb/c', c)).toBe(false);
    expect(g.test('pre/a*b/c', RequestContext.EMPTY)).toBe(false);
  });

  it('handles a variable in a middle segment and an empty value', () => {
    const g = Glob.fromTokens(tokenize('*-${x:v}-*'), '');
    expect(g.test('a-b-c', RequestContext.from({ 'x:v': 'b' }))).toBe(true);
    expect(g.test('a--c', RequestContext.from({ 'x:v': '' }))).toBe(true);
    expect(g.test('a-c', RequestContext.from({ 'x:v': 'b' }))).toBe(false);
  });
});
