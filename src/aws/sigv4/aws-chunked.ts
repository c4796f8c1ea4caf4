// Decodes an `aws-chunked` request body as it arrives, passing the content through and checking the
// framing around it:
//
//   <hex size>[;chunk-signature=<sig>]\r\n<size bytes>\r\n … 0[;chunk-signature=<sig>]\r\n
//   [<trailer>:<value>\r\n … [x-amz-trailer-signature:<sig>\r\n]]\r\n
//
// Signed chunks chain: each chunk's signature is HMAC(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n" date
// "\n" scope "\n" previous signature "\n" SHA-256("") "\n" SHA-256(chunk)), the first "previous" being
// the request's own signature; the trailer signature signs "AWS4-HMAC-SHA256-TRAILER\n" date "\n" scope
// "\n" previous "\n" SHA-256(canonical trailer headers). Every chunk but the last must hold at least
// 8 KiB when signed. Sources: Amazon S3 API Reference, sigv4-streaming.html and
// sigv4-streaming-trailers.html.

import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { EMPTY_SHA256, sha256Hex } from './canonical.js';
import type { PayloadFailure } from './payload.js';
import type { SigningKey } from './signing-key-cache.js';

/** What signed chunks are checked with: the request's signing key, scope and seed signature. */
export interface ChunkSigning {
  readonly key: SigningKey;
  readonly amzDate: string;
  readonly scope: string;
  readonly seedSignature: string;
  readonly accessKeyId: string;
}

export interface ChunkedOptions {
  /** Present for the signed forms. */
  readonly signing: ChunkSigning | undefined;
  /** Whether trailing headers follow the final chunk. */
  readonly trailer: boolean;
  readonly decodedLength: number | undefined;
  readonly declaredTrailers: readonly string[];
  readonly toError: (failure: PayloadFailure) => Error;
}

const MIN_SIGNED_CHUNK = 8192;
const MAX_LINE = 4096;
const MAX_TRAILERS = 16;

type State = 'size' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  bytes = 0;
  #state: State = 'size';
  #line = '';
  #remaining = 0;
  #chunkSize = 0;
  #chunkSignature: string | undefined;
  #chunkHash: Hash | undefined;
  #previous: string;
  #smallSeen = false;
  #trailerSignature: string | undefined;

  constructor(private readonly opts: ChunkedOptions) {
    super();
    this.#previous = opts.signing?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.#consume(chunk);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      // A body that ends after its trailer lines without the final empty line is accepted.
      if (this.#state === 'trailer' && this.#line === '') this.#finishTrailers();
      if (this.#state !== 'done') throw this.#fail({ kind: 'incomplete-body' });
      const declared = this.opts.decodedLength;
      if (declared !== undefined && declared !== this.bytes) {
        throw this.#fail({ kind: 'decoded-length', declared, actual: this.bytes });
      }
      for (const name of this.opts.declaredTrailers) {
        if (!this.trailers.has(name)) {
          throw this.#fail({
            kind: 'trailer-malformed',
            detail: `the declared trailer ${name} was not sent`,
          });
        }
      }
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  #fail(f: PayloadFailure): Error {
    return this.opts.toError(f);
  }

  #consume(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      switch (this.#state) {
        case 'data': {
          const n = Math.min(this.#remaining, buf.length - i);
          const slice = buf.subarray(i, i + n);
          this.#chunkHash?.update(slice);
          this.push(slice);
          this.bytes += n;
          this.#remaining -= n;
          i += n;
          if (this.#remaining === 0) this.#state = 'data-cr';
          break;
        }
        case 'data-cr':
          if (buf[i++] !== 0x0d)
            throw this.#fail({ kind: 'chunk-malformed', detail: 'chunk data not followed by CRLF' });
          this.#state = 'data-lf';
          break;
        case 'data-lf':
          if (buf[i++] !== 0x0a)
            throw this.#fail({ kind: 'chunk-malformed', detail: 'chunk data not followed by CRLF' });
          this.#endChunk();
          this.#state = 'size';
          break;
        case 'size':
        case 'trailer': {
          const nl = buf.indexOf(0x0a, i);
          const end = nl === -1 ? buf.length : nl;
          this.#line += buf.toString('latin1', i, end);
          if (this.#line.length > MAX_LINE)
            throw this.#fail({ kind: 'chunk-malformed', detail: 'line too long' });
          i = end;
          if (nl === -1) break;
          i++;
          if (!this.#line.endsWith('\r'))
            throw this.#fail({ kind: 'chunk-malformed', detail: 'line not ended by CRLF' });
          const line = this.#line.slice(0, -1);
          this.#line = '';
          if (this.#state === 'size') this.#chunkHeader(line);
          else this.#trailerLine(line);
          break;
        }
        case 'done':
          throw this.#fail({ kind: 'chunk-malformed', detail: 'data after the final chunk' });
      }
    }
  }

  #chunkHeader(line: string): void {
    const parts = line.split(';');
    const hex = parts[0]!.trim();
    if (!/^[0-9a-fA-F]{1,15}$/.test(hex))
      throw this.#fail({ kind: 'chunk-malformed', detail: 'bad chunk size' });
    let signature: string | undefined;
    for (const ext of parts.slice(1)) {
      const eq = ext.indexOf('=');
      if (eq !== -1 && ext.slice(0, eq).trim() === 'chunk-signature') signature = ext.slice(eq + 1).trim();
    }
    if (this.opts.signing && signature === undefined) {
      throw this.#fail({ kind: 'chunk-malformed', detail: 'chunk without chunk-signature' });
    }
    const size = parseInt(hex, 16);
    this.#chunkSize = size;
    this.#chunkSignature = signature;
    if (this.opts.signing) {
      if (size > 0 && this.#smallSeen) throw this.#fail({ kind: 'chunk-too-small' });
      if (size > 0 && size < MIN_SIGNED_CHUNK) this.#smallSeen = true;
      this.#chunkHash = size > 0 ? createHash('sha256') : undefined;
    }
    if (size === 0) {
      this.#endChunk();
      this.#state = 'trailer';
    } else {
      this.#remaining = size;
      this.#state = 'data';
    }
  }

  /** Verifies the chunk just read (signed forms) and chains its signature. */
  #endChunk(): void {
    const s = this.opts.signing;
    if (!s) return;
    const digest = this.#chunkSize === 0 ? EMPTY_SHA256 : this.#chunkHash!.digest('hex');
    const toSign = `AWS4-HMAC-SHA256-PAYLOAD\n${s.amzDate}\n${s.scope}\n${this.#previous}\n${EMPTY_SHA256}\n${digest}`;
    this.#previous = this.#verify(toSign, this.#chunkSignature!);
  }

  #verify(toSign: string, provided: string): string {
    const s = this.opts.signing!;
    const expected = s.key.signHex(toSign);
    let diff = expected.length ^ provided.length;
    for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (provided.charCodeAt(i) || 0);
    if (diff !== 0) {
      throw this.#fail({
        kind: 'chunk-signature',
        stringToSign: toSign,
        provided,
        accessKeyId: s.accessKeyId,
      });
    }
    return expected;
  }

  #trailerLine(line: string): void {
    if (line === '') return this.#finishTrailers();
    const colon = line.indexOf(':');
    if (colon <= 0) throw this.#fail({ kind: 'trailer-malformed', detail: 'trailer line without a colon' });
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.#trailerSignature = value;
      return;
    }
    if (!this.opts.trailer)
      throw this.#fail({ kind: 'chunk-malformed', detail: 'trailer sent without x-amz-trailer' });
    if (this.trailers.size >= MAX_TRAILERS)
      throw this.#fail({ kind: 'trailer-malformed', detail: 'too many trailers' });
    this.trailers.set(name, value);
  }

  #finishTrailers(): void {
    const s = this.opts.signing;
    if (s && this.opts.trailer) {
      if (this.#trailerSignature === undefined) {
        throw this.#fail({ kind: 'trailer-malformed', detail: 'x-amz-trailer-signature missing' });
      }
      let canonical = '';
      for (const name of [...this.trailers.keys()].sort())
        canonical += `${name}:${this.trailers.get(name)}\n`;
      const toSign = `AWS4-HMAC-SHA256-TRAILER\n${s.amzDate}\n${s.scope}\n${this.#previous}\n${sha256Hex(canonical)}`;
      this.#previous = this.#verify(toSign, this.#trailerSignature);
    }
    this.#state = 'done';
  }
}
