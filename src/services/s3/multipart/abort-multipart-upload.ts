// s3:AbortMultipartUpload — the upload and its parts go; 204. NoSuchUpload when there is none.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { objectArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import type { AbortMultipartUploadOutput, AbortMultipartUploadRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { requireUpload } from './uploads.js';

export const abortMultipartUpload = (state: S3State) =>
  operation<AbortMultipartUploadRequest, AbortMultipartUploadOutput>({
    action: 's3:AbortMultipartUpload',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:AbortMultipartUpload', objectArn(input.Bucket, input.Key))];
    },
    handler: async (input) => {
      await requireUpload(state, input.Bucket, input.Key, input.UploadId);
      const blobs = await state.store.transaction(async (tx) => {
        if (!(await tx.s3Uploads.getForUpdate(input.UploadId))) throw S3Errors.noSuchUpload(input.UploadId);
        return (await tx.s3Uploads.delete(input.UploadId)).map((p) => p.blob);
      });
      state.blobs.remove(blobs);
      return {};
    },
  });
