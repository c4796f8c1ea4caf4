// The request body, checked against what the signature says about it while it is read, for services
// that stream bodies to their handlers (S3). What `x-amz-content-sha256` claims decides the check:
//   - a hex SHA-256: the body's digest must equal it (checked at the end of the body);
//   - UNSIGNED-PAYLOAD: nothing to check;
//   - STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] / STREAMING-UNSIGNED-PAYLOAD-TRAILER: the body is
//     `aws-chunked` and decoded here (./aws-chunked.ts), chunk signatures and trailers verified.
// Failures are typed (PayloadFailure) and turned into the service's own errors by the `toError` the
// caller passes, so the handler sees an AwsError on the stream. Sources: "Signature Calculations for
// the Authorization Header: Transferring Payload in Multiple Chunks" and "… Including Trailing
// Headers" in the Amazon S3 API Reference (sigv4-streaming.html, sigv4-streaming-trailers.html).

import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AwsChunkedDecoder, type ChunkSigning } from './aws-chunked.js';

/** The same string as verify.ts's UNSIGNED_PAYLOAD (not imported: verify.ts imports this module). */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
/** SigV4a streaming forms: recognised so that they are refused by name, not as garbage. */
export const STREAMING_ECDSA = 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD';
export const STREAMING_ECDSA_TRAILER = 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER';

/** Every value S3 accepts in x-amz-content-sha256 besides a hex digest. */
export const PAYLOAD_HASH_KEYWORDS: readonly string[] = [
  UNSIGNED_PAYLOAD,
  STREAMING_UNSIGNED_TRAILER,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_ECDSA,
  STREAMING_ECDSA_TRAILER,
];

export type PayloadFailure =
  | { readonly kind: 'payload-hash-mismatch'; readonly claimed: string; readonly computed: string }
  | {
      readonly kind: 'chunk-signature';
      readonly stringToSign: string;
      readonly provided: string;
      readonly accessKeyId: string;
    }
  | { readonly kind: 'chunk-malformed'; readonly detail: string }
  | { readonly kind: 'chunk-too-small' }
  | { readonly kind: 'trailer-malformed'; readonly detail: string }
  | { readonly kind: 'decoded-length'; readonly declared: number; readonly actual: number }
  | { readonly kind: 'incomplete-body' };

/** How the body was framed and what was sent after it. */
export interface PayloadInfo {
  /** Trailing headers (lower-case names) of an aws-chunked body; empty otherwise. */
  readonly trailers: ReadonlyMap<string, string>;
  /** Bytes of content delivered (after aws-chunked decoding). */
  readonly bytes: number;
}

export interface PayloadOptions {
  /** x-amz-content-sha256 as verified (or UNSIGNED-PAYLOAD for an unsigned request). */
  readonly payloadHash: string;
  /** For signed chunks: the key, scope and seed signature of the request. */
  readonly signing?: ChunkSigning | undefined;
  /** x-amz-decoded-content-length, when the body is aws-chunked. */
  readonly decodedLength?: number | undefined;
  /** The trailer names x-amz-trailer declared. */
  readonly declaredTrailers?: readonly string[] | undefined;
  readonly toError: (failure: PayloadFailure) => Error;
}

/** A body stream that fails (with the caller's error) when the bytes do not match the signature. */
export type PayloadStream = Transform & PayloadInfo;

export function isAwsChunked(payloadHash: string): boolean {
  return payloadHash.startsWith('STREAMING-');
}

/** Wraps the raw body in the check its x-amz-content-sha256 asks for. */
export function openPayload(opts: PayloadOptions): PayloadStream {
  const h = opts.payloadHash;
  if (h === STREAMING_SIGNED || h === STREAMING_SIGNED_TRAILER || h === STREAMING_UNSIGNED_TRAILER) {
    return new AwsChunkedDecoder({
      signing: h === STREAMING_UNSIGNED_TRAILER ? undefined : opts.signing,
      trailer: h !== STREAMING_SIGNED,
      decodedLength: opts.decodedLength,
      declaredTrailers: opts.declaredTrailers ?? [],
      toError: opts.toError,
    });
  }
  if (h === STREAMING_ECDSA || h === STREAMING_ECDSA_TRAILER) {
    // SigV4a chunk signatures need the ECDSA key SigV4a derives; latchkey verifies SigV4 only.
    const refused = new DigestCheck(undefined, opts.toError);
    queueMicrotask(() =>
      refused.destroy(
        opts.toError({
          kind: 'chunk-malformed',
          detail: 'SigV4a (ECDSA) streaming signatures are not supported',
        }),
      ),
    );
    return refused;
  }
  return new DigestCheck(/^[0-9a-f]{64}$/i.test(h) ? h.toLowerCase() : undefined, opts.toError);
}

/** Passes the body through, hashing it when a digest was claimed, and counts it. */
class DigestCheck extends Transform implements PayloadInfo {
  readonly trailers: ReadonlyMap<string, string> = new Map();
  bytes = 0;
  readonly #hash: Hash | undefined;

  constructor(
    private readonly claimed: string | undefined,
    private readonly toError: (f: PayloadFailure) => Error,
  ) {
    super();
    this.#hash = claimed !== undefined ? createHash('sha256') : undefined;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.#hash?.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.claimed === undefined) return cb();
    const computed = this.#hash!.digest('hex');
    if (computed === this.claimed) return cb();
    cb(this.toError({ kind: 'payload-hash-mismatch', claimed: this.claimed, computed }));
  }
}
