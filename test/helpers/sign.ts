// Signs raw HTTP requests with the AWS SDK's own SigV4 signer (@smithy/signature-v4), for tests that
// need requests no SDK would send (tampered, skewed, presigned, odd bodies).
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './clients.js';

export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export function toHttpRequest(r: RawRequest): HttpRequest {
  const u = new URL(r.url);
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  return new HttpRequest({
    method: r.method,
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    query,
    headers: { host: u.host, ...(r.headers ?? {}) },
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
}

const signer = (creds: Credentials, service: string, region: string) =>
  new SignatureV4({
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
    },
    service,
    region,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });

function build(r: HttpRequest): { url: string; init: RequestInit } {
  const qs = new URLSearchParams(r.query as Record<string, string>).toString().replace(/\+/g, '%20');
  const headers = { ...r.headers };
  delete headers.host;
  return {
    url: `${r.protocol}//${r.hostname}:${r.port}${r.path}${qs ? '?' + qs : ''}`,
    init: { method: r.method, headers, ...(r.body !== undefined ? { body: r.body as string } : {}) },
  };
}

export async function signedFetch(
  r: RawRequest,
  creds: Credentials,
  opts: { service?: string; region?: string; signingDate?: Date; tamper?: (req: HttpRequest) => void } = {},
): Promise<Response> {
  const req = toHttpRequest(r);
  const signed = (await signer(creds, opts.service ?? 'sts', opts.region ?? 'us-east-1').sign(req, {
    ...(opts.signingDate ? { signingDate: opts.signingDate } : {}),
  })) as HttpRequest;
  opts.tamper?.(signed);
  const { url, init } = build(signed);
  return fetch(url, init);
}

export async function presignedUrl(
  r: RawRequest,
  creds: Credentials,
  opts: { service?: string; region?: string; expiresIn?: number; signingDate?: Date } = {},
): Promise<string> {
  const req = toHttpRequest(r);
  const signed = (await signer(creds, opts.service ?? 'sts', opts.region ?? 'us-east-1').presign(req, {
    expiresIn: opts.expiresIn ?? 900,
    ...(opts.signingDate ? { signingDate: opts.signingDate } : {}),
  })) as HttpRequest;
  return build(signed).url;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

/** Extracts `<Tag>value</Tag>` from an XML body (enough for asserting error codes in tests). */
export function xmlValue(xml: string, tag: string): string | undefined {
  const raw = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  return raw
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#13;/g, '\r')
    .replace(/&amp;/g, '&');
}
