// The Range header of GetObject: one byte range (RFC 9110 §14.1.2). S3 serves a single range; a
// header it cannot parse, or a multi-range one, is ignored and the whole object is sent. A range that
// starts at or past the end is InvalidRange (416).
import { S3Errors } from './errors.js';

export interface ByteRange {
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
}

export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw S3Errors.invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? Infinity : Number(m[2]);
  if (end < start) return undefined;
  if (start >= size) throw S3Errors.invalidRange(header, size);
  return { start, end: Math.min(end, size - 1) };
}
