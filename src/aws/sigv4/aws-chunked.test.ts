// The aws-chunked decoder: content passes through whatever the network's buffer boundaries, signed
// chunks and trailers verify (a chain built here from the S3 API Reference's definition), and every
// malformed or tampered body fails with a typed failure rather than passing bad bytes as good.
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, type ChunkSigning } from './aws-chunked.js';
import type { PayloadFailure } from './payload.js';
import { SigningKey } from './signing-key-cache.js';

const sha = (d: Buffer | string) => createHash('sha256').update(d).digest('hex');
const EMPTY = sha('');
const key = new SigningKey(Buffer.alloc(32, 7));
const signing: ChunkSigning = {
  key,
  amzDate: '20240101T000000Z',
  scope: '20240101/us-east-1/s3/aws4_request',
  seedSignature: 'a'.repeat(64),
  accessKeyId: 'AKIDEXAMPLE',
};

class Failed extends Error {
  constructor(readonly failure: PayloadFailure) {
    super(failure.kind);
  }
}

/** Frames `data` as aws-chunked, signed when `signed`, with an optional trailer. */
function frame(data: Buffer, size: number, signed: boolean, trailer?: [string, string]): Buffer {
  let prev = signing.seedSignature;
  const sig = (digest: string) => {
    prev = createHmac('sha256', key.key)
      .update(`AWS4-HMAC-SHA256-PAYLOAD\n${signing.amzDate}\n${signing.scope}\n${prev}\n${EMPTY}\n${digest}`)
      .digest('hex');
    return prev;
  };
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) {
    const piece = data.subarray(i, i + size);
    out.push(
      Buffer.from(`${piece.length.toString(16)}${signed ? ';chunk-signature=' + sig(sha(piece)) : ''}\r\n`),
      piece,
      Buffer.from('\r\n'),
    );
  }
  out.push(Buffer.from(`0${signed ? ';chunk-signature=' + sig(EMPTY) : ''}\r\n`));
  if (trailer) {
    out.push(Buffer.from(`${trailer[0]}:${trailer[1]}\r\n`));
    if (signed) {
      const t = createHmac('sha256', key.key)
        .update(
          `AWS4-HMAC-SHA256-TRAILER\n${signing.amzDate}\n${signing.scope}\n${prev}\n${sha(`${trailer[0]}:${trailer[1]}\n`)}`,
        )
        .digest('hex');
      out.push(Buffer.from(`x-amz-trailer-signature:${t}\r\n`));
    }
  }
  out.push(Buffer.from('\r\n'));
  return Buffer.concat(out);
}

/** Decodes `body` delivered in pieces cut at `cuts`; resolves the content or rejects with the failure. */
async function decode(
  body: Buffer,
  opts: { signed: boolean; trailer?: boolean; decodedLength?: number; declared?: string[] },
  piece = 7,
): Promise<{ data: Buffer; trailers: ReadonlyMap<string, string> }> {
  const d = new AwsChunkedDecoder({
    signing: opts.signed ? signing : undefined,
    trailer: opts.trailer ?? false,
    decodedLength: opts.decodedLength,
    declaredTrailers: opts.declared ?? [],
    toError: (f) => new Failed(f),
  });
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += piece) parts.push(body.subarray(i, i + piece));
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(parts).pipe(d)) chunks.push(c as Buffer);
  return { data: Buffer.concat(chunks), trailers: d.trailers };
}

const data = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 13) & 0xff));

describe('aws-chunked decoding', () => {
  it('passes signed content through whatever the buffer boundaries', async () => {
    const body = frame(data, 8192, true);
    for (const piece of [1, 2, 3, 5, 64, 8193, body.length]) {
      const out = await decode(body, { signed: true, decodedLength: data.length }, piece);
      expect(out.data.equals(data)).toBe(true);
    }
  });

  it('verifies a signed trailer and exposes it', async () => {
    const out = await decode(frame(data, 10_000, true, ['x-amz-checksum-crc32', 'AAAAAA==']), {
      signed: true,
      trailer: true,
      declared: ['x-amz-checksum-crc32'],
    });
    expect(out.trailers.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
  });

  it('reads unsigned chunks of any size with a trailer (what the JS SDK sends)', async () => {
    const out = await decode(frame(data, 1000, false, ['x-amz-checksum-crc64nvme', 'abc=']), {
      signed: false,
      trailer: true,
    });
    expect(out.data.equals(data)).toBe(true);
    expect(out.trailers.get('x-amz-checksum-crc64nvme')).toBe('abc=');
  });

  it('accepts an empty body (a zero-length object)', async () => {
    expect(
      (await decode(frame(Buffer.alloc(0), 8192, true), { signed: true, decodedLength: 0 })).data.length,
    ).toBe(0);
  });

  const fails = async (body: Buffer, opts: Parameters<typeof decode>[1]) => {
    try {
      await decode(body, opts);
    } catch (e) {
      if (e instanceof Failed) return e.failure.kind;
      throw e;
    }
    throw new Error('decoded a body that should fail');
  };

  it('fails tampered data, a tampered signature, a tampered trailer', async () => {
    const body = frame(data, 8192, true, ['x-amz-checksum-crc32', 'AAAAAA==']);
    const flip = (at: number) => {
      const b = Buffer.from(body);
      b[at] = b[at]! ^ 1;
      return b;
    };
    expect(await fails(flip(200), { signed: true, trailer: true })).toBe('chunk-signature');
    expect(await fails(flip(body.indexOf('chunk-signature=') + 20), { signed: true, trailer: true })).toBe(
      'chunk-signature',
    );
    const trailerAt = body.indexOf('AAAAAA==');
    const tampered = Buffer.from(body);
    tampered[trailerAt] = 'B'.charCodeAt(0);
    expect(await fails(tampered, { signed: true, trailer: true })).toBe('chunk-signature');
  });

  it('fails framing errors: bad sizes, missing CRLF, truncation, data after the end, short content', async () => {
    const body = frame(data, 8192, false);
    expect(await fails(Buffer.from('zz\r\nabc'), { signed: false })).toBe('chunk-malformed');
    expect(await fails(Buffer.from('3\r\nabcX\r\n0\r\n\r\n'), { signed: false })).toBe('chunk-malformed');
    expect(await fails(body.subarray(0, body.length - 10), { signed: false })).toBe('incomplete-body');
    expect(await fails(Buffer.concat([body, Buffer.from('more')]), { signed: false })).toBe(
      'chunk-malformed',
    );
    expect(await fails(body, { signed: false, decodedLength: data.length + 1 })).toBe('decoded-length');
    expect(await fails(Buffer.from('a'.repeat(5000)), { signed: false })).toBe('chunk-malformed');
  });

  it('fails signed chunks smaller than 8 KiB before the last, and unsigned chunks in a signed body', async () => {
    expect(await fails(frame(data, 4096, true), { signed: true })).toBe('chunk-too-small');
    expect(await fails(frame(data, 8192, false), { signed: true })).toBe('chunk-malformed');
  });

  it('fails a declared trailer that never comes, and a signed trailer without its signature', async () => {
    expect(
      await fails(frame(data, 8192, false), {
        signed: false,
        trailer: true,
        declared: ['x-amz-checksum-crc32'],
      }),
    ).toBe('trailer-malformed');
    const unsignedTrailer = frame(data, 8192, true).subarray(0, -2);
    const body = Buffer.concat([unsignedTrailer, Buffer.from('x-amz-checksum-crc32:AAAAAA==\r\n\r\n')]);
    expect(await fails(body, { signed: true, trailer: true })).toBe('trailer-malformed');
  });
});
