// SigV4 verification: rebuilds the canonical request from what arrived, checks the time window, finds
// the secret behind the access key (long-term or session), and compares signatures in constant time.
// The verifier knows no AWS error texts: it returns typed failures and each protocol words them
// (./auth-errors.ts), since IAM, EC2 and S3 answer the same failure differently.

import type { Caller } from '../caller.js';
import type { WireRequest } from '../protocols/wire.js';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  sha256Hex,
  stringToSign,
} from './canonical.js';
import type { ChunkSigning } from './aws-chunked.js';
import type { SignatureClaims } from './parse.js';
import { PAYLOAD_HASH_KEYWORDS } from './payload.js';
import { s3V2Signature, s3V2StringToSign, type S3V2QueryClaims } from './s3-v2-query.js';
import { SigningKeyCache } from './signing-key-cache.js';

export const MAX_SKEW_MS = 15 * 60 * 1000;
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export type CredentialFailure = 'unknown-key' | 'inactive-key' | 'invalid-token' | 'expired-token';

export type CredentialResolution =
  | { readonly ok: true; readonly secretAccessKey: string; readonly caller: Caller }
  | { readonly ok: false; readonly reason: CredentialFailure };

/** Finds the secret and principal behind an access key id (and session token, for ASIA keys). */
export interface CredentialResolver {
  resolve(
    accessKeyId: string,
    sessionToken: string | undefined,
    now: number,
  ): Promise<CredentialResolution> | CredentialResolution;
}

export type VerifyFailure =
  | {
      readonly kind: 'skew';
      readonly amzDate: string;
      readonly serverTime: number;
      readonly future: boolean;
      readonly form: 'header' | 'query';
    }
  | {
      readonly kind: 'presign-expired';
      readonly amzDate: string;
      readonly expires: number;
      readonly serverTime: number;
    }
  /** S3 V2 presigned URL past its Expires (epoch seconds). */
  | { readonly kind: 'v2-expired'; readonly expires: number; readonly serverTime: number }
  | { readonly kind: 'credential'; readonly reason: CredentialFailure; readonly accessKeyId: string }
  | { readonly kind: 'payload-hash-mismatch'; readonly claimed: string; readonly computed: string }
  /** S3: a header-signed request without x-amz-content-sha256, or with a value S3 does not know. */
  | { readonly kind: 'content-sha256-missing' }
  | { readonly kind: 'content-sha256-invalid'; readonly value: string }
  | {
      readonly kind: 'mismatch';
      readonly accessKeyId: string;
      readonly canonicalRequest: string;
      readonly stringToSign: string;
      readonly provided: string;
    };

export type VerifyResult =
  | {
      readonly ok: true;
      readonly caller: Caller;
      /** What x-amz-content-sha256 claimed (or the hash the verifier computed, or UNSIGNED-PAYLOAD). */
      readonly payloadHash: string;
      /** What a streamed body's chunk signatures are checked with (./aws-chunked.ts); none for V2. */
      readonly signing?: ChunkSigning;
    }
  | { readonly ok: false; readonly failure: VerifyFailure };

export interface VerifyOptions {
  /** S3 rules: no path normalisation, single encoding, UNSIGNED-PAYLOAD for presigned URLs. */
  readonly s3: boolean;
  /** Presigned URLs sign UNSIGNED-PAYLOAD (S3) rather than the body's hash. Default: `s3`. */
  readonly unsignedPresign?: boolean;
  /**
   * S3's rule: header-signed requests must carry x-amz-content-sha256, and only S3's values are
   * accepted in it. Default false.
   */
  readonly contentSha256Rules?: boolean;
  /** The whole body, or undefined when it is streamed and checked later (S3 uploads). */
  readonly body: Buffer | undefined;
  readonly now: number;
}

export class SigV4Verifier {
  readonly #keys: SigningKeyCache;

  constructor(
    private readonly resolver: CredentialResolver,
    opts: { signingKeyCacheSize?: number } = {},
  ) {
    this.#keys = new SigningKeyCache(opts.signingKeyCacheSize);
  }

  /**
   * Verifies a request. Synchronous when the resolver answers synchronously (a cached key), so the
   * common case costs no promise; otherwise a promise.
   */
  verify(
    req: WireRequest,
    claims: SignatureClaims,
    opts: VerifyOptions,
  ): VerifyResult | Promise<VerifyResult> {
    const timeFailure = checkTime(claims, opts.now);
    if (timeFailure) return { ok: false, failure: timeFailure };
    const resolution = this.resolver.resolve(claims.accessKeyId, claims.sessionToken, opts.now);
    return resolution instanceof Promise
      ? resolution.then((r) => this.#check(req, claims, opts, r))
      : this.#check(req, claims, opts, resolution);
  }

  /** S3's legacy V2 presigned URLs (./s3-v2-query.ts); `hostBucket` for virtual-hosted requests. */
  verifyS3V2Query(
    req: WireRequest,
    claims: S3V2QueryClaims,
    hostBucket: string | undefined,
    now: number,
  ): VerifyResult | Promise<VerifyResult> {
    if (now > claims.expires * 1000)
      return { ok: false, failure: { kind: 'v2-expired', expires: claims.expires, serverTime: now } };
    const check = (r: CredentialResolution): VerifyResult => {
      if (!r.ok)
        return {
          ok: false,
          failure: { kind: 'credential', reason: r.reason, accessKeyId: claims.accessKeyId },
        };
      const toSign = s3V2StringToSign(req, claims, hostBucket);
      if (signatureMatches(s3V2Signature(r.secretAccessKey, toSign), claims.signature))
        return { ok: true, caller: r.caller, payloadHash: UNSIGNED_PAYLOAD };
      return {
        ok: false,
        failure: {
          kind: 'mismatch',
          accessKeyId: claims.accessKeyId,
          canonicalRequest: '',
          stringToSign: toSign,
          provided: claims.signature,
        },
      };
    };
    const resolution = this.resolver.resolve(claims.accessKeyId, claims.sessionToken, now);
    return resolution instanceof Promise ? resolution.then(check) : check(resolution);
  }

  #check(
    req: WireRequest,
    claims: SignatureClaims,
    opts: VerifyOptions,
    resolution: CredentialResolution,
  ): VerifyResult {
    if (!resolution.ok) {
      return {
        ok: false,
        failure: { kind: 'credential', reason: resolution.reason, accessKeyId: claims.accessKeyId },
      };
    }

    const payload = payloadHash(req, claims, opts);
    if (typeof payload !== 'string') return { ok: false, failure: payload };

    const key = this.#keys.get(
      claims.accessKeyId,
      resolution.secretAccessKey,
      claims.scopeDate,
      claims.region,
      claims.service,
    );
    const canonical = buildCanonicalRequest(req, claims, opts.s3, payload);
    const toSign = stringToSign(claims.amzDate, claims.scope, canonical);
    const signing: ChunkSigning = {
      key,
      amzDate: claims.amzDate,
      scope: claims.scope,
      seedSignature: claims.signature,
      accessKeyId: claims.accessKeyId,
    };
    if (signatureMatches(key.signHex(toSign), claims.signature)) {
      return { ok: true, caller: resolution.caller, payloadHash: payload, signing };
    }
    // Some clients add the session token to a presigned URL after signing it (AWS's suite:
    // post-sts-header-after); only then is a second canonical form tried.
    if (claims.form === 'query' && claims.sessionToken !== undefined) {
      const withoutToken = buildCanonicalRequest(req, claims, opts.s3, payload, true);
      const toSign2 = stringToSign(claims.amzDate, claims.scope, withoutToken);
      if (signatureMatches(key.signHex(toSign2), claims.signature)) {
        return { ok: true, caller: resolution.caller, payloadHash: payload, signing };
      }
    }
    return {
      ok: false,
      failure: {
        kind: 'mismatch',
        accessKeyId: claims.accessKeyId,
        canonicalRequest: canonical,
        stringToSign: toSign,
        provided: claims.signature,
      },
    };
  }
}

function checkTime(claims: SignatureClaims, now: number): VerifyFailure | undefined {
  if (claims.form === 'query' && claims.expires !== undefined) {
    if (claims.requestTime - now > MAX_SKEW_MS)
      return { kind: 'skew', amzDate: claims.amzDate, serverTime: now, future: true, form: claims.form };
    if (now > claims.requestTime + claims.expires * 1000) {
      return { kind: 'presign-expired', amzDate: claims.amzDate, expires: claims.expires, serverTime: now };
    }
    return undefined;
  }
  if (now - claims.requestTime > MAX_SKEW_MS)
    return { kind: 'skew', amzDate: claims.amzDate, serverTime: now, future: false, form: claims.form };
  if (claims.requestTime - now > MAX_SKEW_MS)
    return { kind: 'skew', amzDate: claims.amzDate, serverTime: now, future: true, form: claims.form };
  return undefined;
}

/** The payload hash that was signed, or a failure when the client's claimed hash does not match the body. */
function payloadHash(req: WireRequest, claims: SignatureClaims, opts: VerifyOptions): string | VerifyFailure {
  const claimed =
    claims.form === 'query'
      ? (req.query.get('X-Amz-Content-Sha256') ?? undefined)
      : req.header('x-amz-content-sha256');
  if (opts.contentSha256Rules) {
    // S3 requires the header on header-signed requests and knows a fixed set of values (S3 API
    // Reference, "Common Request Headers": x-amz-content-sha256).
    if (claimed === undefined && claims.form === 'header') return { kind: 'content-sha256-missing' };
    if (claimed !== undefined && !/^[0-9a-f]{64}$/i.test(claimed) && !PAYLOAD_HASH_KEYWORDS.includes(claimed))
      return { kind: 'content-sha256-invalid', value: claimed };
  }
  if (claimed !== undefined) {
    if (/^[0-9a-f]{64}$/i.test(claimed) && opts.body !== undefined) {
      const computed = sha256Hex(opts.body);
      if (computed !== claimed.toLowerCase()) return { kind: 'payload-hash-mismatch', claimed, computed };
    }
    return claimed;
  }
  if ((opts.unsignedPresign ?? opts.s3) && claims.form === 'query') return UNSIGNED_PAYLOAD;
  if (opts.body === undefined) return UNSIGNED_PAYLOAD;
  return sha256Hex(opts.body);
}

export function buildCanonicalRequest(
  req: WireRequest,
  claims: SignatureClaims,
  s3: boolean,
  payload: string,
  excludeToken = false,
): string {
  const exclude =
    claims.form !== 'query'
      ? undefined
      : excludeToken
        ? ['X-Amz-Signature', 'X-Amz-Security-Token']
        : ['X-Amz-Signature'];
  return canonicalRequest({
    method: req.method,
    uri: canonicalUri(req.path, s3),
    query: canonicalQuery(req.rawQuery, exclude),
    headers: canonicalHeaders(req.headerValues, claims.signedHeaders),
    signedHeaders: claims.signedHeaders.join(';'),
    payloadHash: payload,
  });
}

/** Constant-time comparison of two signatures: the time depends only on the length, never on where they differ. */
function signatureMatches(expectedHex: string, providedHex: string): boolean {
  if (providedHex.length !== expectedHex.length) return false;
  let diff = 0;
  for (let i = 0; i < expectedHex.length; i++) diff |= expectedHex.charCodeAt(i) ^ providedHex.charCodeAt(i);
  return diff === 0;
}
