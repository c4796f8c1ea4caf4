// `x-amz-copy-source` for CopyObject and UploadPartCopy: `bucket/key` or `/bucket/key`, URL-encoded,
// optionally `?versionId=…` (Amazon S3 API Reference, CopyObject). And the source's own conditions
// (`x-amz-copy-source-if-*`), every failure of which is 412.
import { uriDecode } from '../../aws/sigv4/uri-encode.js';
import { etagMatches } from './conditions.js';
import { S3Errors } from './errors.js';

export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
}

export function parseCopySource(header: string): CopySource {
  let raw = header.trim();
  let versionId: string | undefined;
  const q = raw.indexOf('?');
  if (q !== -1) {
    const params = new URLSearchParams(raw.slice(q + 1));
    versionId = params.get('versionId') ?? undefined;
    raw = raw.slice(0, q);
  }
  const path = uriDecode(raw.startsWith('/') ? raw.slice(1) : raw);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw S3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', header);
  }
  if (versionId !== undefined && versionId !== 'null') {
    throw S3Errors.invalidArgument('Invalid version id specified', 'x-amz-copy-source', header);
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1), versionId };
}

export interface CopySourceConditions {
  readonly CopySourceIfMatch?: string | undefined;
  readonly CopySourceIfNoneMatch?: string | undefined;
  readonly CopySourceIfModifiedSince?: Date | undefined;
  readonly CopySourceIfUnmodifiedSince?: Date | undefined;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** S3's rules: if-match true overrides if-unmodified-since false; if-none-match false overrides if-modified-since true. */
export function checkCopySourceConditions(c: CopySourceConditions, etag: string, lastModified: number): void {
  const fail = (condition: string) => S3Errors.preconditionFailed(condition);
  if (c.CopySourceIfMatch !== undefined && !etagMatches(c.CopySourceIfMatch, etag))
    throw fail('x-amz-copy-source-If-Match');
  if (
    c.CopySourceIfMatch === undefined &&
    c.CopySourceIfUnmodifiedSince !== undefined &&
    seconds(lastModified) > seconds(c.CopySourceIfUnmodifiedSince.getTime())
  )
    throw fail('x-amz-copy-source-If-Unmodified-Since');
  if (c.CopySourceIfNoneMatch !== undefined && etagMatches(c.CopySourceIfNoneMatch, etag))
    throw fail('x-amz-copy-source-If-None-Match');
  if (
    c.CopySourceIfNoneMatch === undefined &&
    c.CopySourceIfModifiedSince !== undefined &&
    seconds(lastModified) <= seconds(c.CopySourceIfModifiedSince.getTime())
  )
    throw fail('x-amz-copy-source-If-Modified-Since');
}
