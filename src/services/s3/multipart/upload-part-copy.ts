// UploadPartCopy — a part copied from (a byte range of) an existing object: s3:PutObject on the target,
// s3:GetObject on the source. `x-amz-copy-source-range: bytes=first-last` must lie within the source
// (Amazon S3 API Reference, UploadPartCopy).
import { createHash } from 'node:crypto';
import { operation, type AccessRequest } from '../../service.js';
import { existingTagKeys, s3Access } from '../access.js';
import { bucketArn, objectArn } from '../arns.js';
import { checksumAlgorithm } from '../checksums.js';
import { checkCopySourceConditions, parseCopySource } from '../copy-source.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import { segmentsOf } from '../object-rows.js';
import type { UploadPartCopyOutput, UploadPartCopyRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { parseTags } from '../tags.js';
import { MAX_UPLOAD } from '../upload-body.js';
import { commitPart } from './upload-part.js';
import { checkPartNumber, requireUpload } from './uploads.js';

function copyRange(header: string | undefined, size: number): { start: number; length: number } {
  if (header === undefined) return { start: 0, length: size };
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m || Number(m[2]) < Number(m[1]))
    throw S3Errors.invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    );
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end >= size) throw S3Errors.invalidRange(header, size);
  return { start, length: end - start + 1 };
}

export const uploadPartCopy = (state: S3State) =>
  operation<UploadPartCopyRequest, UploadPartCopyOutput>({
    action: 's3:PutObject',
    access: async (input, ctx) => {
      const target = await requireBucket(state, ctx, input.Bucket);
      const src = parseCopySource(input.CopySource);
      const srcBucket = await state.buckets.get(src.bucket);
      if (!srcBucket) throw S3Errors.noSuchBucket(src.bucket);
      const srcObject = await state.store.read.s3Objects.get(src.bucket, src.key);
      const requests: AccessRequest[] = [
        s3Access(
          ctx,
          srcBucket,
          's3:GetObject',
          objectArn(src.bucket, src.key),
          existingTagKeys(parseTags(srcObject?.tags)),
        ),
      ];
      if (!srcObject) requests.push(s3Access(ctx, srcBucket, 's3:ListBucket', bucketArn(src.bucket)));
      requests.push(
        s3Access(ctx, target, 's3:PutObject', objectArn(input.Bucket, input.Key), {
          's3:x-amz-copy-source': input.CopySource,
        }),
      );
      return requests;
    },
    handler: async (input, ctx) => {
      checkPartNumber(input.PartNumber);
      const upload = await requireUpload(state, input.Bucket, input.Key, input.UploadId);
      const src = parseCopySource(input.CopySource);
      const source = await state.store.read.s3Objects.get(src.bucket, src.key);
      if (!source) throw S3Errors.noSuchKey(src.key);
      checkCopySourceConditions(input, source.etag, source.last_modified);
      const { start, length } = copyRange(input.CopySourceRange, source.size);
      if (length > MAX_UPLOAD) throw S3Errors.entityTooLarge(length, MAX_UPLOAD);
      const alg = upload.checksum_algorithm ? checksumAlgorithm(upload.checksum_algorithm) : undefined;
      const md5 = createHash('md5');
      const hasher = alg?.create();
      const segments = segmentsOf(source);
      const release = state.blobs.lease(segments);
      let blob;
      try {
        blob = await state.blobs.copy(segments, start, length, (chunk) => {
          md5.update(chunk);
          hasher?.update(chunk);
        });
      } finally {
        release();
      }
      const etag = md5.digest('hex');
      const checksum = hasher?.digest().toString('base64') ?? null;
      await commitPart(state, input.UploadId, input.PartNumber, blob, etag, checksum, ctx.now);
      return {
        CopyPartResult: {
          ETag: `"${etag}"`,
          LastModified: new Date(ctx.now),
          ...(alg && checksum ? { [alg.member]: checksum } : {}),
        },
        ServerSideEncryption: 'AES256',
      };
    },
  });
