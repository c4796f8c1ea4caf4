import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, parseIamDate } from './date-parse.js';

describe('parseIamDate', () => {
  it.each([
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T12:00:00.250Z', Date.UTC(2024, 4, 1, 12, 0, 0, 250)],
    ['2024-05-01T14:00:00+02:00', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T14:00:00+0200', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T10:30:00-01:30', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-05', Date.UTC(2024, 4, 1)],
    ['2024-122', Date.UTC(2024, 4, 1)],
    ['2024-W18-3', Date.UTC(2024, 4, 1)],
    ['2024-05-01t12z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T12:30', Date.UTC(2024, 4, 1, 12, 30)],
    ['2024-05-01T12.5', Date.UTC(2024, 4, 1, 12, 30)],
    ['1714564800', Date.UTC(2024, 4, 1, 12)],
    ['-1', -1000],
    ['2016-02-29', Date.UTC(2016, 1, 29)],
  ])('%s', (text, ms) => {
    expect(parseIamDate(text)).toBe(ms);
  });

  // AWS's recorded accept list (valid documents 30, 34-37) and reject list (invalid 64, 72-75).
  it.each([
    '01T',
    '2019-07-01T13:20:15Z',
    '2016-12-13T21:20:37.593194+00:00',
    '2016-12-13t2:00:00.593194+23',
    '-292275054',
  ])('accepts %s as AWS does', (text) => expect(parseIamDate(text)).toBeTypeOf('number'));

  it.each([
    'sdfdsf',
    '234-13',
    '2016-12-13t2:00:00.593194+1',
    '2016-12-13t2:00:00.1999999999+10:59',
    '9223372036854775808',
    '2015-02-29',
    '2024-05-01T24:00:00Z',
    '2024-05-01T12:60:00Z',
    '2024-05-01T12:00:00+24:00',
    '2024-05-01 12:00:00',
    '',
    'T',
  ])('rejects %s as AWS does', (text) => expect(parseIamDate(text)).toBeUndefined());

  it('computes civil days like Date.UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200000, max: 200000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const utc = new Date(0);
          utc.setUTCFullYear(y, m - 1, d);
          expect(daysFromCivil(y, m, d)).toBe(Math.floor(utc.getTime() / 86_400_000));
        },
      ),
    );
  });
});
