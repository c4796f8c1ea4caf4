// s3:HeadBucket — exists and may be listed (s3:ListBucket); answers the bucket's region.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { requireBucket } from '../lookup.js';
import type { HeadBucketOutput, HeadBucketRequest } from '../shapes.js';
import type { S3State } from '../state.js';

export const headBucket = (state: S3State) =>
  operation<HeadBucketRequest, HeadBucketOutput>({
    action: 's3:ListBucket',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:ListBucket', bucketArn(input.Bucket))];
    },
    handler: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return { BucketRegion: bucket.region };
    },
  });
