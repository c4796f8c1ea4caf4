// s3:GetBucketTagging — the tag set; NoSuchTagSet when the bucket has none.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import type { GetBucketTaggingOutput, GetBucketTaggingRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { parseTags } from '../tags.js';

export const getBucketTagging = (state: S3State) =>
  operation<GetBucketTaggingRequest, GetBucketTaggingOutput>({
    action: 's3:GetBucketTagging',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:GetBucketTagging', bucketArn(input.Bucket))];
    },
    handler: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      if (bucket.tags === null) throw S3Errors.noSuchTagSet(input.Bucket);
      return { TagSet: parseTags(bucket.tags) };
    },
  });
