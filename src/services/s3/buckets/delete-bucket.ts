// s3:DeleteBucket — only when no object is left (BucketNotEmpty, 409). Multipart uploads still in
// progress are aborted with the bucket; their parts' files go once the store no longer names them.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import type { DeleteBucketRequest } from '../shapes.js';
import type { S3State } from '../state.js';

export const deleteBucket = (state: S3State) =>
  operation<DeleteBucketRequest, void>({
    action: 's3:DeleteBucket',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:DeleteBucket', bucketArn(input.Bucket))];
    },
    handler: async (input) => {
      const name = input.Bucket;
      const blobs = await state.store.transaction(async (tx) => {
        if (!(await tx.s3Buckets.getForUpdate(name))) throw S3Errors.noSuchBucket(name);
        if (await tx.s3Objects.any(name)) throw S3Errors.bucketNotEmpty(name);
        const dropped: string[] = [];
        for (const u of await tx.s3Uploads.forBucket(name)) {
          for (const p of await tx.s3Uploads.delete(u.upload_id)) dropped.push(p.blob);
        }
        await tx.s3Buckets.delete(name);
        return dropped;
      });
      state.buckets.invalidate(name);
      state.blobs.remove(blobs);
    },
  });
