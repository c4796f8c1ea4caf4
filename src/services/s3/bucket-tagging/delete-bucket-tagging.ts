// DeleteBucketTagging — authorized as s3:PutBucketTagging (Amazon S3 API Reference,
// DeleteBucketTagging: "you must have permission to perform the s3:PutBucketTagging action").
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { requireBucket } from '../lookup.js';
import type { DeleteBucketTaggingRequest } from '../shapes.js';
import type { S3State } from '../state.js';

export const deleteBucketTagging = (state: S3State) =>
  operation<DeleteBucketTaggingRequest, void>({
    action: 's3:PutBucketTagging',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:PutBucketTagging', bucketArn(input.Bucket))];
    },
    handler: async (input) => {
      await state.store.transaction((tx) => tx.s3Buckets.setTags(input.Bucket, null));
      state.buckets.invalidate(input.Bucket);
    },
  });
