// Receiving an upload's bytes (PutObject, UploadPart): into a pending blob, with the MD5 that is the
// object's ETag, the additional checksum the client sent (header or aws-chunked trailer) or, for a
// PutObject without one, the CRC64NVME S3 computes by default — and the checks S3 makes before it
// keeps anything: Content-MD5 (BadDigest / InvalidDigest), x-amz-checksum-* (BadDigest), the size
// limits (EntityTooLarge), Content-Length present (MissingContentLength).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { PayloadInfo } from '../../aws/sigv4/payload.js';
import type { RequestContext } from '../service.js';
import type { PendingBlob } from './blob-store.js';
import {
  checksumAlgorithm,
  checksumClaim,
  checksumMismatch,
  trailerValue,
  type ChecksumAlgorithm,
} from './checksums.js';
import { S3Errors } from './errors.js';
import type { S3State } from './state.js';

/** 5 GiB: the largest PutObject and the largest part (Amazon S3 User Guide, "Multipart upload limits"). */
export const MAX_UPLOAD = 5 * 1024 ** 3;

export interface ReceivedBody {
  readonly blob: PendingBlob;
  /** Hex MD5 of the bytes. */
  readonly md5: string;
  readonly checksum: { readonly algorithm: ChecksumAlgorithm; readonly value: string } | undefined;
}

/** The declared length of the content (x-amz-decoded-content-length for aws-chunked bodies). */
export function declaredLength(ctx: RequestContext): number | undefined {
  const w = ctx.wire;
  const decoded = w.header('x-amz-decoded-content-length');
  const raw = decoded ?? w.header('content-length');
  if (raw === undefined) {
    if (w.header('transfer-encoding') !== undefined) throw S3Errors.notImplemented('Transfer-Encoding');
    throw S3Errors.missingContentLength();
  }
  if (!/^\d+$/.test(raw)) throw S3Errors.invalidArgument('Invalid content length', 'Content-Length', raw);
  return Number(raw);
}

export async function receiveBody(
  state: S3State,
  ctx: RequestContext,
  body: Readable | undefined,
  opts: {
    readonly contentMd5: string | undefined;
    readonly sdkAlgorithm: string | undefined;
    /** PutObject: compute CRC64NVME when the client sent no checksum, as S3 does. */
    readonly defaultChecksum: boolean;
    /** UploadPart of an upload created with an algorithm: compute it when the client sent none. */
    readonly algorithm?: ChecksumAlgorithm | undefined;
  },
): Promise<ReceivedBody> {
  const length = declaredLength(ctx)!;
  if (length > MAX_UPLOAD) throw S3Errors.entityTooLarge(length, MAX_UPLOAD);
  let expectedMd5: Buffer | undefined;
  if (opts.contentMd5 !== undefined) {
    expectedMd5 = Buffer.from(opts.contentMd5, 'base64');
    if (expectedMd5.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(opts.contentMd5.trim()))
      throw S3Errors.invalidDigest(opts.contentMd5);
  }
  const claim = checksumClaim(ctx.wire.headerValues, opts.sdkAlgorithm);
  const algorithm =
    claim?.algorithm ?? opts.algorithm ?? (opts.defaultChecksum ? checksumAlgorithm('CRC64NVME') : undefined);
  const md5 = createHash('md5');
  const hasher = algorithm?.create();
  // A body that fails its signature or framing rejects with the AwsError the payload stream made.
  const blob = await state.blobs.receive(
    body,
    (chunk) => {
      md5.update(chunk);
      hasher?.update(chunk);
    },
    MAX_UPLOAD,
    (size) => S3Errors.entityTooLarge(size, MAX_UPLOAD),
  );
  try {
    if (blob.size !== length && ctx.wire.header('x-amz-decoded-content-length') === undefined)
      throw S3Errors.invalidRequest('The request body is shorter than its Content-Length');
    const digest = md5.digest();
    if (expectedMd5 && !digest.equals(expectedMd5)) throw S3Errors.badDigest();
    let checksum: ReceivedBody['checksum'];
    if (algorithm && hasher) {
      const computed = hasher.digest().toString('base64');
      if (claim) {
        const trailers = (body as Partial<PayloadInfo> | undefined)?.trailers ?? new Map<string, string>();
        const sent = claim.trailer ? trailerValue(claim, trailers) : claim.value!;
        if (sent !== computed) throw checksumMismatch(claim.algorithm);
      }
      checksum = { algorithm, value: computed };
    }
    return { blob, md5: digest.toString('hex'), checksum };
  } catch (e) {
    await blob.discard();
    throw e;
  }
}
