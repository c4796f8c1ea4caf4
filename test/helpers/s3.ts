// S3 test helpers: a JS SDK v3 client, raw SigV4-signed S3 requests (signed by the SDK's own signer,
// with x-amz-content-sha256 as S3 wants it), and aws-chunked bodies signed chunk by chunk the way the
// S3 API Reference describes (sigv4-streaming.html) — written here independently of the server's
// decoder so that each checks the other.
import { S3Client } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import type { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { Credentials } from './clients.js';
import { type RawRequest, toHttpRequest } from './sign.js';

export const s3Client = (endpoint: string, creds: Credentials, extra: Record<string, unknown> = {}) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials: creds,
    forcePathStyle: true,
    maxAttempts: 1,
    ...extra,
  });

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
export const md5b64 = (data: string | Buffer): string => createHash('md5').update(data).digest('base64');

export type S3RawRequest = RawRequest;

const signer = (creds: Credentials, region: string) =>
  new SignatureV4({
    credentials: creds,
    service: 's3',
    region,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });

function urlOf(r: HttpRequest): string {
  const qs = Object.entries(r.query as Record<string, string>)
    .map(([k, v]) => `${encodeURIComponent(k)}${v === '' ? '' : '=' + encodeURIComponent(v)}`)
    .join('&');
  return `${r.protocol}//${r.hostname}:${r.port}${r.path}${qs ? '?' + qs : ''}`;
}

/** Sends over node:http, so that any Host header can be sent (virtual-hosted addressing). */
export function send(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Buffer | string | undefined },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v));
        const status = res.statusCode ?? 0;
        const empty = status === 204 || status === 304 || init.method === 'HEAD';
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Signs and sends; x-amz-content-sha256 defaults to the body's digest. */
export async function s3Fetch(
  r: S3RawRequest,
  creds: Credentials | undefined,
  opts: { region?: string; signingDate?: Date; tamper?: (req: HttpRequest) => void; host?: string } = {},
): Promise<Response> {
  const headers = { ...(r.headers ?? {}) };
  if (creds && !Object.keys(headers).some((h) => h.toLowerCase() === 'x-amz-content-sha256'))
    headers['x-amz-content-sha256'] = sha256(r.body ?? '');
  let req = toHttpRequest({ ...r, headers });
  if (opts.host) req.headers.host = opts.host;
  if (creds) {
    req = (await signer(creds, opts.region ?? 'us-east-1').sign(req, {
      ...(opts.signingDate ? { signingDate: opts.signingDate } : {}),
    })) as HttpRequest;
  }
  opts.tamper?.(req);
  return send(urlOf(req), { method: r.method, headers: req.headers, body: r.body });
}

/** A SigV4 presigned URL (UNSIGNED-PAYLOAD), as S3 SDKs make them. */
export async function s3Presign(
  r: S3RawRequest,
  creds: Credentials,
  opts: { expiresIn?: number; signingDate?: Date; region?: string } = {},
): Promise<string> {
  // S3 presigned URLs sign UNSIGNED-PAYLOAD (the body is not known when the URL is made).
  const req = toHttpRequest({
    ...r,
    headers: { ...(r.headers ?? {}), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const signed = (await signer(creds, opts.region ?? 'us-east-1').presign(req, {
    expiresIn: opts.expiresIn ?? 900,
    ...(opts.signingDate ? { signingDate: opts.signingDate } : {}),
  })) as HttpRequest;
  return urlOf(signed);
}

const EMPTY = sha256('');

function signingKey(secret: string, date: string, region: string): Buffer {
  const h = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
  return h(h(h(h('AWS4' + secret, date), region), 's3'), 'aws4_request');
}

export interface ChunkedUpload {
  /** Headers to sign with the request (content-encoding, decoded length, x-amz-content-sha256, trailer). */
  headers: Record<string, string>;
  /** Builds the body once the request's signature (the seed) is known. */
  body(seedSignature: string, amzDate: string): Buffer;
}

/**
 * An aws-chunked upload of `data` in chunks of `chunkSize`: signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD,
 * optionally with a signed trailer) or unsigned with a trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
 */
export function chunked(
  data: Buffer,
  chunkSize: number,
  opts: { signed: boolean; trailer?: { name: string; value: string }; secret?: string; region?: string },
): ChunkedUpload {
  const mode = opts.signed
    ? opts.trailer
      ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
      : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'
    : 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  const headers: Record<string, string> = {
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': mode,
    'x-amz-decoded-content-length': String(data.length),
  };
  if (opts.trailer) headers['x-amz-trailer'] = opts.trailer.name;
  return {
    headers,
    body(seed, amzDate) {
      const region = opts.region ?? 'us-east-1';
      const scope = `${amzDate.slice(0, 8)}/${region}/s3/aws4_request`;
      const key = opts.signed ? signingKey(opts.secret!, amzDate.slice(0, 8), region) : undefined;
      let previous = seed;
      const sign = (toSign: string) => createHmac('sha256', key!).update(toSign).digest('hex');
      const parts: Buffer[] = [];
      const chunk = (piece: Buffer) => {
        if (!key) {
          parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
          return;
        }
        previous = sign(
          `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY}\n${sha256(piece)}`,
        );
        parts.push(
          Buffer.from(`${piece.length.toString(16)};chunk-signature=${previous}\r\n`),
          piece,
          Buffer.from('\r\n'),
        );
      };
      for (let i = 0; i < data.length; i += chunkSize) chunk(data.subarray(i, i + chunkSize));
      // The final, empty chunk.
      if (key) {
        previous = sign(`AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY}\n${EMPTY}`);
        parts.push(Buffer.from(`0;chunk-signature=${previous}\r\n`));
      } else {
        parts.push(Buffer.from('0\r\n'));
      }
      if (opts.trailer) {
        const line = `${opts.trailer.name}:${opts.trailer.value}`;
        parts.push(Buffer.from(line + '\r\n'));
        if (key) {
          const sig = sign(
            `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${sha256(line + '\n')}`,
          );
          parts.push(Buffer.from(`x-amz-trailer-signature:${sig}\r\n`));
        }
      }
      parts.push(Buffer.from('\r\n'));
      return Buffer.concat(parts);
    },
  };
}

/** Sends an aws-chunked upload: signs the headers first, then builds the body from the seed signature. */
export async function putChunked(
  url: string,
  data: Buffer,
  upload: ChunkedUpload,
  creds: Credentials,
  opts: { extraHeaders?: Record<string, string>; corrupt?: (body: Buffer) => Buffer } = {},
): Promise<Response> {
  const headers = { ...upload.headers, ...(opts.extraHeaders ?? {}) };
  // Sign without the body: the seed signature covers the headers and the STREAMING-* payload hash.
  const req = (await signer(creds, 'us-east-1').sign(
    toHttpRequest({ method: 'PUT', url, headers }),
  )) as HttpRequest;
  const auth = req.headers.authorization!;
  const seed = /Signature=([0-9a-f]{64})/.exec(auth)![1]!;
  let body = upload.body(seed, req.headers['x-amz-date']!);
  if (opts.corrupt) body = opts.corrupt(body);
  return send(urlOf(req), { method: 'PUT', headers: req.headers, body });
}

/** The text of `<Tag>` in an XML body. */
export function xml(body: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body);
  return m?.[1]
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
