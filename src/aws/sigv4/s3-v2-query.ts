// S3's legacy query-string authentication (signature version 2), which presigned URLs still use: the
// AWS CLI v1's `aws s3 presign` makes them unless told `signature_version = s3v4`. The URL carries
// AWSAccessKeyId, Expires (epoch seconds) and Signature = Base64(HMAC-SHA1(secret, StringToSign)):
//
//   StringToSign = VERB "\n" Content-MD5 "\n" Content-Type "\n" Expires "\n"
//                  CanonicalizedAmzHeaders CanonicalizedResource
//
// CanonicalizedResource is `/bucket/key` as sent (path-style, or the Host's bucket for virtual-hosted
// requests) plus the sub-resources and response overrides of the query, sorted. Source: Amazon S3
// User Guide, "Authenticating requests (AWS signature version 2)" — RESTAuthentication.html.

import { createHmac } from 'node:crypto';
import type { WireRequest } from '../protocols/wire.js';
import { uriDecode } from './uri-encode.js';

export interface S3V2QueryClaims {
  readonly accessKeyId: string;
  readonly signature: string;
  /** Expiry, epoch seconds. */
  readonly expires: number;
  readonly sessionToken: string | undefined;
}

/** Query parameters that are part of the signed resource (the RESTAuthentication sub-resource list). */
const SIGNED_SUBRESOURCES = new Set([
  'acl',
  'cors',
  'delete',
  'lifecycle',
  'location',
  'logging',
  'notification',
  'partNumber',
  'policy',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

/** The claims of a V2 presigned URL, or undefined when the request is not one. */
export function parseS3V2Query(req: WireRequest): S3V2QueryClaims | undefined {
  if (!req.rawQuery.includes('Signature=')) return undefined;
  const q = req.query;
  const accessKeyId = q.get('AWSAccessKeyId');
  const signature = q.get('Signature');
  const expires = q.get('Expires');
  if (!accessKeyId || !signature || !expires || !/^\d{1,12}$/.test(expires)) return undefined;
  return {
    accessKeyId,
    signature,
    expires: Number(expires),
    sessionToken: q.get('x-amz-security-token') ?? undefined,
  };
}

/** The string a V2 presigned URL signs; `bucket` is the Host's bucket for virtual-hosted requests. */
export function s3V2StringToSign(
  req: WireRequest,
  claims: S3V2QueryClaims,
  hostBucket: string | undefined,
): string {
  let amz = '';
  const names = Object.keys(req.headerValues)
    .filter((h) => h.startsWith('x-amz-'))
    .sort();
  for (const h of names) amz += `${h}:${req.headerValues[h]!.map((v) => v.trim()).join(',')}\n`;
  const subresources: string[] = [];
  for (const part of req.rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const name = uriDecode(eq === -1 ? part : part.slice(0, eq));
    if (!SIGNED_SUBRESOURCES.has(name)) continue;
    subresources.push(eq === -1 ? name : `${name}=${uriDecode(part.slice(eq + 1).replace(/\+/g, ' '))}`);
  }
  subresources.sort();
  const resource =
    (hostBucket !== undefined ? `/${hostBucket}` : '') +
    req.path +
    (subresources.length > 0 ? '?' + subresources.join('&') : '');
  const md5 = req.header('content-md5') ?? '';
  const type = req.header('content-type') ?? '';
  return `${req.method}\n${md5}\n${type}\n${claims.expires}\n${amz}${resource}`;
}

export function s3V2Signature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}
