// What an object keeps of its upload request besides the bytes: the content headers S3 stores and
// returns (Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language,
// Expires, x-amz-website-redirect-location), user metadata (`x-amz-meta-*`, 2 KB in all: Amazon S3
// User Guide, "Working with object metadata") and the server-side encryption in effect (S3 encrypts
// every object with SSE-S3 by default since January 2023, and says so in x-amz-server-side-encryption).
import type { RequestContext } from '../service.js';
import { S3Errors } from './errors.js';

export interface StoredHeaders {
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
  ServerSideEncryption?: string;
}

/** S3's Content-Type for objects uploaded without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

const MAX_METADATA = 2048;

/**
 * Features an upload can ask for that latchkey does not have, refused rather than silently ignored:
 * customer-provided encryption keys, Object Lock (a bucket needs it enabled, which latchkey cannot),
 * and ACLs — S3 buckets have had ACLs disabled by default since April 2023 ("Bucket owner enforced"),
 * so anything but the owner-only canned ACLs is AccessControlListNotSupported.
 */
function refuseUnsupported(h: (name: string) => string | undefined): void {
  if (h('x-amz-server-side-encryption-customer-algorithm') !== undefined)
    throw S3Errors.notImplementedFeature('server-side encryption with customer-provided keys (SSE-C)');
  for (const name of [
    'x-amz-object-lock-mode',
    'x-amz-object-lock-retain-until-date',
    'x-amz-object-lock-legal-hold',
  ])
    if (h(name) !== undefined) throw S3Errors.invalidRequest('Bucket is missing Object Lock Configuration');
  const acl = h('x-amz-acl');
  const grants = [
    'x-amz-grant-read',
    'x-amz-grant-read-acp',
    'x-amz-grant-write-acp',
    'x-amz-grant-full-control',
  ];
  if (
    (acl !== undefined && acl !== 'private' && acl !== 'bucket-owner-full-control') ||
    grants.some((g) => h(g) !== undefined)
  )
    throw S3Errors.aclNotSupported();
}

/** The content headers of an upload request, as S3 stores them. */
export function headersFromRequest(ctx: RequestContext): StoredHeaders {
  const h = (name: string) => ctx.wire.header(name);
  refuseUnsupported(h);
  const out: StoredHeaders = {};
  const set = (k: keyof StoredHeaders, v: string | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('ContentType', h('content-type'));
  set('CacheControl', h('cache-control'));
  set('ContentDisposition', h('content-disposition'));
  // aws-chunked is the upload's framing, not the object's encoding: S3 drops it from what it stores.
  const enc = h('content-encoding')
    ?.split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked')
    .join(',');
  set('ContentEncoding', enc === '' ? undefined : enc);
  set('ContentLanguage', h('content-language'));
  set('Expires', h('expires'));
  set('WebsiteRedirectLocation', h('x-amz-website-redirect-location'));
  out.ServerSideEncryption = serverSideEncryption(h('x-amz-server-side-encryption'));
  return out;
}

/** SSE-S3 (AES256) is what latchkey offers; KMS needs a key service it does not have. */
export function serverSideEncryption(requested: string | undefined): string {
  if (requested === undefined || requested === 'AES256') return 'AES256';
  if (requested === 'aws:kms' || requested === 'aws:kms:dsse')
    throw S3Errors.notImplementedFeature(
      'server-side encryption with KMS keys (x-amz-server-side-encryption: aws:kms)',
    );
  throw S3Errors.invalidArgument(
    'The encryption method specified is not supported',
    'x-amz-server-side-encryption',
    requested,
  );
}

/** User metadata (names lower-cased, as HTTP delivers them), checked against S3's 2 KB limit. */
export function metadataFromRequest(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let size = 0;
  for (const [k, v] of Object.entries(metadata ?? {})) {
    out[k] = v;
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > MAX_METADATA) throw S3Errors.metadataTooLarge(size);
  return out;
}

/** The stored headers as GetObject/HeadObject output members. */
export function headersToOutput(stored: StoredHeaders): Record<string, string> {
  const out: Record<string, string> = { ContentType: stored.ContentType ?? DEFAULT_CONTENT_TYPE };
  for (const k of [
    'CacheControl',
    'ContentDisposition',
    'ContentEncoding',
    'ContentLanguage',
    'WebsiteRedirectLocation',
    'ServerSideEncryption',
  ] as const) {
    const v = stored[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
]);

/** The storage class a write asks for; every class is stored the same way here. */
export function storageClass(requested: string | undefined): string {
  if (requested === undefined) return 'STANDARD';
  if (!STORAGE_CLASSES.has(requested)) throw S3Errors.invalidStorageClass(requested);
  return requested;
}
