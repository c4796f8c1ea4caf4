// What ListObjects and ListObjectsV2 share: s3:ListBucket with S3's listing condition keys, the walk
// over keys (../listing.ts), max-keys (0–1000; more is 1000), entries as S3 lists them, and
// `encoding-type=url` (keys and prefixes URL-encoded in the answer, for keys XML cannot carry).
import type { ObjectSummary } from '../../../store/repos/s3/index.js';
import type { AccessRequest, RequestContext } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { walkKeys, type Walk } from '../listing.js';
import { requireBucket } from '../lookup.js';
import { ownerOf } from '../owner.js';
import type { S3State } from '../state.js';

export async function listAccess(
  state: S3State,
  ctx: RequestContext,
  input: {
    Bucket: string;
    Prefix?: string | undefined;
    Delimiter?: string | undefined;
    MaxKeys?: number | undefined;
  },
): Promise<AccessRequest[]> {
  const bucket = await requireBucket(state, ctx, input.Bucket);
  return [
    s3Access(ctx, bucket, 's3:ListBucket', bucketArn(input.Bucket), {
      's3:prefix': input.Prefix,
      's3:delimiter': input.Delimiter,
      's3:max-keys': input.MaxKeys === undefined ? undefined : String(input.MaxKeys),
    }),
  ];
}

export function maxKeys(value: number | undefined): number {
  if (value === undefined) return 1000;
  if (value < 0)
    throw S3Errors.invalidArgument(
      'Argument maxKeys must be an integer between 0 and 2147483647',
      'max-keys',
      String(value),
    );
  return Math.min(value, 1000);
}

export function listKeys(
  state: S3State,
  bucket: string,
  prefix: string,
  delimiter: string | undefined,
  after: string | undefined,
  max: number,
): Promise<Walk<ObjectSummary>> {
  return walkKeys({
    prefix,
    delimiter: delimiter === '' ? undefined : delimiter,
    after,
    max,
    fetch: (range) => state.store.read.s3Objects.list(bucket, range),
    keyOf: (o) => o.key,
  });
}

/** S3's `encoding-type=url`: form-style percent-encoding (spaces as `+`), `/` left as it is. */
export function urlEncodeKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function encoder(encodingType: string | undefined): (s: string) => string {
  return encodingType === 'url' ? urlEncodeKey : (s) => s;
}

export function contentsEntry(o: ObjectSummary, enc: (s: string) => string, withOwner: boolean) {
  return {
    Key: enc(o.key),
    LastModified: new Date(o.last_modified),
    ETag: `"${o.etag}"`,
    ...(o.checksum_algorithm ? { ChecksumAlgorithm: [o.checksum_algorithm] } : {}),
    ...(o.checksum_type ? { ChecksumType: o.checksum_type } : {}),
    Size: o.size,
    ...(withOwner ? { Owner: ownerOf(o.owner_account) } : {}),
    StorageClass: o.storage_class,
  };
}
