// Conditional requests (Amazon S3 API Reference, GetObject/HeadObject "conditional requests", RFC 9110
// §13.2.2 order): If-Match, then If-Unmodified-Since (only without If-Match), then If-None-Match, then
// If-Modified-Since (only without If-None-Match). A failed If-Match / If-Unmodified-Since is 412; a
// satisfied If-None-Match or an unmodified object is 304 for reads. Times compare at one-second
// precision, as HTTP dates carry.
import { S3Errors } from './errors.js';

export interface Validators {
  readonly etag: string;
  readonly lastModified: number;
}

export interface ConditionHeaders {
  readonly IfMatch?: string | undefined;
  readonly IfNoneMatch?: string | undefined;
  readonly IfModifiedSince?: Date | undefined;
  readonly IfUnmodifiedSince?: Date | undefined;
}

/** Whether an If-Match / If-None-Match list names the ETag (`*` names any). */
export function etagMatches(header: string, etag: string): boolean {
  for (const raw of header.split(',')) {
    const t = raw.trim().replace(/^W\//, '');
    if (t === '*' || t.replace(/^"|"$/g, '') === etag) return true;
  }
  return false;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Throws PreconditionFailed (412) or NotModified (304) as a read's conditions demand. */
export function checkReadConditions(
  c: ConditionHeaders,
  v: Validators,
  notModifiedHeaders: Record<string, string>,
): void {
  if (c.IfMatch !== undefined && !etagMatches(c.IfMatch, v.etag))
    throw S3Errors.preconditionFailed('If-Match');
  if (
    c.IfMatch === undefined &&
    c.IfUnmodifiedSince !== undefined &&
    seconds(v.lastModified) > seconds(c.IfUnmodifiedSince.getTime())
  )
    throw S3Errors.preconditionFailed('If-Unmodified-Since');
  if (c.IfNoneMatch !== undefined && etagMatches(c.IfNoneMatch, v.etag))
    throw S3Errors.notModified(notModifiedHeaders);
  if (
    c.IfNoneMatch === undefined &&
    c.IfModifiedSince !== undefined &&
    seconds(v.lastModified) <= seconds(c.IfModifiedSince.getTime())
  )
    throw S3Errors.notModified(notModifiedHeaders);
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload, CopyObject): `If-None-Match: *` refuses to
 * overwrite, `If-Match: <etag>` requires the current ETag (NoSuchKey when there is no object).
 */
export function checkWriteConditions(
  c: { readonly IfMatch?: string | undefined; readonly IfNoneMatch?: string | undefined },
  current: Validators | undefined,
  key: string,
): void {
  if (c.IfNoneMatch !== undefined) {
    if (c.IfNoneMatch.trim() !== '*') throw S3Errors.notImplemented('If-None-Match');
    if (current) throw S3Errors.preconditionFailed('If-None-Match');
  }
  if (c.IfMatch !== undefined) {
    if (!current) throw S3Errors.noSuchKey(key);
    if (!etagMatches(c.IfMatch, current.etag)) throw S3Errors.preconditionFailed('If-Match');
  }
}
