// Signing for the benchmarks, with latchkey's own SigV4 signer (src/aws/sigv4/sign.ts, checked against
// AWS's test suite): requests are signed once ahead of the load and replayed within their 15 minutes.
import { signRequest } from '../src/aws/sigv4/sign.js';
import type { RawRequest } from './harness.js';

export const ROOT = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** A signed Query (IAM, STS, EC2) POST of `body` to `url`. */
export function signQuery(
  url: string,
  body: string,
  service: string,
  creds: Creds = ROOT,
): RawRequest & { body: string } {
  const u = new URL(url);
  const headers = signRequest(
    {
      method: 'POST',
      target: '/',
      headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { credentials: creds, service, region: 'us-east-1', now: Date.now() },
  );
  return { method: 'POST', path: '/', headers, body };
}

/** Headers for a signed S3 request; the payload hash is given (UNSIGNED-PAYLOAD for a streamed body). */
export function signS3(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  payloadHash: string,
  creds: Creds = ROOT,
) {
  const u = new URL(base);
  return signRequest(
    { method, target: path, headers: { host: u.host, ...headers } },
    { credentials: creds, service: 's3', region: 'us-east-1', now: Date.now(), payloadHash },
  );
}
