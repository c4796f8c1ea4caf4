// s3:GetBucketLocation — the bucket's region, empty for us-east-1 (the protocol writes S3's bare
// <LocationConstraint> document). Answered whatever region the request was signed for: SDKs call it
// to find that region.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { requireBucket } from '../lookup.js';
import type { GetBucketLocationOutput, GetBucketLocationRequest } from '../shapes.js';
import type { S3State } from '../state.js';

export const getBucketLocation = (state: S3State) =>
  operation<GetBucketLocationRequest, GetBucketLocationOutput>({
    action: 's3:GetBucketLocation',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket, { anyRegion: true });
      return [s3Access(ctx, bucket, 's3:GetBucketLocation', bucketArn(input.Bucket))];
    },
    handler: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket, { anyRegion: true });
      return { LocationConstraint: (bucket.region === 'us-east-1' ? '' : bucket.region) as never };
    },
  });
