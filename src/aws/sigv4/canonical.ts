// The SigV4 canonical request and string to sign, exactly as AWS defines them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), checked against
// AWS's public test suite (../shared/data/aws-signing-test-suite, run by canonical.test.ts).

import * as crypto from 'node:crypto';
import { uriDecode, uriEncode } from './uri-encode.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// crypto.hash (Node ≥ 20.12) is a one-shot digest, about 3× cheaper than createHash for short inputs.
const oneShot = (crypto as { hash?: (alg: string, data: string | Buffer, enc: 'hex') => string }).hash;
export const sha256Hex = oneShot
  ? (data: string | Buffer): string => oneShot('sha256', data, 'hex')
  : (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/**
 * The canonical URI. For every service but S3 the path is normalised (dot segments removed, repeated
 * slashes collapsed) and each segment is URI-encoded once more on top of its wire encoding (AWS's
 * "double encoding"). S3 uses the path as the client encoded it once: decode, then encode strictly.
 */
export function canonicalUri(wirePath: string, s3: boolean): string {
  if (wirePath === '' || wirePath === '/') return '/';
  if (s3) return uriEncode(uriDecode(wirePath), true);
  const segments: string[] = [];
  for (const seg of wirePath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const trailing = wirePath.endsWith('/') && segments.length > 0 ? '/' : '';
  return '/' + segments.map((s) => uriEncode(s)).join('/') + trailing;
}

/**
 * The canonical query string: each name and value decoded and re-encoded strictly, sorted by name then
 * value, a missing value as empty. `exclude` leaves out the presigned signature itself (and, for clients
 * that add it after signing, the session token).
 */
export function canonicalQuery(rawQuery: string, exclude?: readonly string[]): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = uriEncode(uriDecode(eq === -1 ? part : part.slice(0, eq)));
    if (exclude !== undefined && exclude.includes(name)) continue;
    pairs.push([name, eq === -1 ? '' : uriEncode(uriDecode(part.slice(eq + 1)))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (const [k, v] of pairs) out += (out === '' ? '' : '&') + k + '=' + v;
  return out;
}

const UNTIDY = /^\s|\s$|\s\s|[\t\n\r\v\f]/;

/** A header value as it enters the canonical request: trimmed, inner runs of whitespace collapsed. */
export function canonicalHeaderValue(value: string): string {
  return UNTIDY.test(value) ? value.trim().replace(/\s+/g, ' ') : value;
}

/**
 * The canonical headers block: each signed header as `name:value`, a repeated header's values trimmed
 * one by one and joined by `,` in arrival order.
 */
export function canonicalHeaders(
  headers: Readonly<Record<string, readonly string[]>>,
  signed: readonly string[],
): string {
  let out = '';
  for (const name of signed) {
    const values = headers[name];
    const value = !values
      ? ''
      : values.length === 1
        ? canonicalHeaderValue(values[0]!)
        : values.map(canonicalHeaderValue).join(',');
    out += `${name}:${value}\n`;
  }
  return out;
}

export interface CanonicalRequestParts {
  method: string;
  uri: string;
  query: string;
  headers: string;
  signedHeaders: string;
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  return `${p.method}\n${p.uri}\n${p.query}\n${p.headers}\n${p.signedHeaders}\n${p.payloadHash}`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}
