// UploadPart (authorized as s3:PutObject): one part's bytes into a blob, like PutObject's body
// (Content-MD5, x-amz-checksum-*, trailers). An upload created with a checksum algorithm gets that
// checksum for every part, computed here when the client did not send one. Re-uploading a part number
// replaces the part; the replaced part's blob goes after the commit.
import type { Readable } from 'node:stream';
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { objectArn } from '../arns.js';
import { checksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import type { UploadPartOutput, UploadPartRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { receiveBody } from '../upload-body.js';
import { checkPartNumber, requireUpload } from './uploads.js';

export const uploadPart = (state: S3State) =>
  operation<UploadPartRequest, UploadPartOutput>({
    action: 's3:PutObject',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:PutObject', objectArn(input.Bucket, input.Key))];
    },
    handler: async (input, ctx) => {
      checkPartNumber(input.PartNumber);
      const upload = await requireUpload(state, input.Bucket, input.Key, input.UploadId);
      const expected = upload.checksum_algorithm ? checksumAlgorithm(upload.checksum_algorithm) : undefined;
      const received = await receiveBody(state, ctx, input.Body as unknown as Readable | undefined, {
        contentMd5: input.ContentMD5,
        sdkAlgorithm: input.ChecksumAlgorithm,
        defaultChecksum: false,
        algorithm: expected,
      });
      if (expected && received.checksum && received.checksum.algorithm !== expected) {
        await received.blob.discard();
        throw S3Errors.invalidRequest(
          `Checksum Type mismatch occurred, expected checksum Type: ${expected.name.toLowerCase()}, actual checksum Type: ${received.checksum.algorithm.name.toLowerCase()}`,
        );
      }
      await commitPart(
        state,
        input.UploadId,
        input.PartNumber,
        received.blob,
        received.md5,
        received.checksum?.value ?? null,
        ctx.now,
      );
      return {
        ETag: `"${received.md5}"`,
        ServerSideEncryption: 'AES256',
        ...(received.checksum ? { [received.checksum.algorithm.member]: received.checksum.value } : {}),
      };
    },
  });

/** Makes a received part durable and records it; the part it replaces (if any) is dropped. */
export async function commitPart(
  state: S3State,
  uploadId: string,
  partNumber: number,
  blob: { id: string; size: number; commit(): Promise<void>; discard(): Promise<void> },
  md5: string,
  checksum: string | null,
  now: number,
): Promise<void> {
  try {
    await blob.commit();
  } catch (e) {
    await blob.discard();
    throw e;
  }
  let replaced;
  try {
    replaced = await state.store.transaction(async (tx) => {
      if (!(await tx.s3Uploads.getForShare(uploadId))) throw S3Errors.noSuchUpload(uploadId);
      return tx.s3Uploads.putPart({
        upload_id: uploadId,
        part_number: partNumber,
        size: blob.size,
        etag: md5,
        last_modified: now,
        blob: blob.id,
        checksum_value: checksum,
      });
    });
  } catch (e) {
    state.blobs.remove([blob.id]);
    throw e;
  }
  if (replaced) state.blobs.remove([replaced.blob]);
}
