// AWS's public SigV4 test suite (../shared/data/aws-signing-test-suite, 38 cases), one runner for both
// forms: the verifier must rebuild AWS's canonical request and string to sign, accept the signed
// request at the case's timestamp, and refuse it once a signed part is changed.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WireRequest } from '../protocols/wire.js';
import { parseSignature } from './parse.js';
import { buildCanonicalRequest, SigV4Verifier, type CredentialResolver } from './verify.js';
import { sha256Hex, stringToSign } from './canonical.js';

const SUITE = fileURLToPath(new URL('../../../../shared/data/aws-signing-test-suite/v4/', import.meta.url));
const present = existsSync(SUITE);
if (!present) console.log(`SigV4 vectors skipped: ${SUITE} not found (CI has ../shared beside the checkout)`);

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  timestamp: string;
}

/** Parses the suite's raw HTTP text: request line, headers with folded continuation lines, body. */
function parseHttp(text: string): WireRequest {
  const [head = '', ...rest] = text.split('\n\n');
  const lines = head.split('\n');
  const requestLine = lines.shift() ?? '';
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const headers: Record<string, string[]> = {};
  let last: string[] | undefined;
  for (const line of lines) {
    if (line === '') continue;
    if (/^\s/.test(line) && last) {
      last[last.length - 1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1));
    last = headers[name];
  }
  return new WireRequest({ method, target, headers, body: Buffer.from(rest.join('\n\n')) });
}

const cases = present ? readdirSync(SUITE).sort() : [];

describe.skipIf(!present)('SigV4 test suite', () => {
  for (const name of cases) {
    const dir = SUITE + name + '/';
    const ctx = JSON.parse(readFileSync(dir + 'context.json', 'utf8')) as Context;
    const now = Date.parse(ctx.timestamp);
    const resolver: CredentialResolver = {
      resolve: (akid, token) =>
        akid === ctx.credentials.access_key_id && token === ctx.credentials.token
          ? {
              ok: true,
              secretAccessKey: ctx.credentials.secret_access_key,
              caller: {
                type: 'Root',
                accountId: '123456789012',
                arn: 'arn:aws:iam::123456789012:root',
                userId: '123456789012',
                accessKeyId: akid,
              },
            }
          : { ok: false, reason: 'unknown-key' },
    };
    const verifier = new SigV4Verifier(resolver);

    for (const form of ['header', 'query'] as const) {
      it(`${name} (${form})`, async () => {
        const req = parseHttp(readFileSync(`${dir}${form}-signed-request.txt`, 'utf8'));
        const parsed = parseSignature(req);
        if (!parsed.ok) throw new Error(`parse failed: ${JSON.stringify(parsed)}`);
        const s3 = !ctx.normalize;
        const claimedPayload = req.header('x-amz-content-sha256');
        const payload = claimedPayload ?? sha256Hex(req.body);
        const tokenAddedLater =
          form === 'query' && (ctx as { omit_session_token?: boolean }).omit_session_token === true;
        const canonical = buildCanonicalRequest(req, parsed.claims, s3, payload, tokenAddedLater);
        expect(canonical).toBe(readFileSync(`${dir}${form}-canonical-request.txt`, 'utf8'));
        expect(stringToSign(parsed.claims.amzDate, parsed.claims.scope, canonical)).toBe(
          readFileSync(`${dir}${form}-string-to-sign.txt`, 'utf8'),
        );

        const ok = await verifier.verify(req, parsed.claims, {
          s3,
          unsignedPresign: false,
          body: req.body,
          now,
        });
        expect(ok.ok).toBe(true);

        // Tamper with a signed header value (host is always signed): the signature must no longer match.
        const headers = Object.fromEntries(Object.entries(req.headerValues).map(([k, v]) => [k, [...v]]));
        headers.host = ['evil.example.com'];
        const tampered = new WireRequest({
          method: req.method,
          target: req.path + (req.rawQuery ? '?' + req.rawQuery : ''),
          headers,
          body: req.body,
        });
        const bad = await verifier.verify(tampered, parsed.claims, {
          s3,
          unsignedPresign: false,
          body: tampered.body,
          now,
        });
        expect(bad.ok).toBe(false);
        if (!bad.ok) expect(bad.failure.kind).toBe('mismatch');

        // Another method changes the canonical request too.
        const otherMethod = new WireRequest({
          method: req.method === 'GET' ? 'POST' : 'GET',
          target: req.path + (req.rawQuery ? '?' + req.rawQuery : ''),
          headers: req.headerValues as Record<string, string[]>,
          body: req.body,
        });
        expect(
          (
            await verifier.verify(otherMethod, parsed.claims, {
              s3,
              unsignedPresign: false,
              body: otherMethod.body,
              now,
            })
          ).ok,
        ).toBe(false);
      });
    }
  }
});

describe('SigningKey', () => {
  it('computes the same HMAC-SHA256 as node:crypto', async () => {
    const { createHmac, randomBytes } = await import('node:crypto');
    const { SigningKey } = await import('./signing-key-cache.js');
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(32);
      const msg = randomBytes(i * 7).toString('base64');
      expect(new SigningKey(key).signHex(msg)).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }
  });
});

describe.skipIf(!present)('signRequest', () => {
  it('produces the test suite signature for every case it can express (header form, normalised paths)', async () => {
    const { signRequest } = await import('./sign.js');
    let checked = 0;
    for (const name of cases) {
      const dir = SUITE + name + '/';
      const ctx = JSON.parse(readFileSync(dir + 'context.json', 'utf8')) as Context & {
        sign_body: boolean;
        omit_session_token?: boolean;
      };
      // The signer signs every header it sends; a token added after signing is the verifier's case.
      if (!ctx.normalize || ctx.omit_session_token) continue;
      const req = parseHttp(readFileSync(dir + 'request.txt', 'utf8'));
      const headers = Object.fromEntries(Object.entries(req.headerValues).map(([k, v]) => [k, v.join(',')]));
      const signed = signRequest(
        { method: req.method, target: req.target, headers, body: req.body },
        {
          credentials: {
            accessKeyId: ctx.credentials.access_key_id,
            secretAccessKey: ctx.credentials.secret_access_key,
            sessionToken: ctx.credentials.token,
          },
          service: 'service',
          region: 'us-east-1',
          now: Date.parse(ctx.timestamp),
          contentSha256Header: ctx.sign_body,
        },
      );
      expect(signed['authorization']).toContain(
        `Signature=${readFileSync(dir + 'header-signature.txt', 'utf8').trim()}`,
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
