// s3:PutBucketTagging — replaces the bucket's tag set (at most 50 tags, no `aws:` keys).
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { requireBucket } from '../lookup.js';
import type { PutBucketTaggingRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { tagsJson, validateBucketTags } from '../tags.js';

export const putBucketTagging = (state: S3State) =>
  operation<PutBucketTaggingRequest, void>({
    action: 's3:PutBucketTagging',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:PutBucketTagging', bucketArn(input.Bucket))];
    },
    handler: async (input) => {
      const tags = input.Tagging.TagSet ?? [];
      validateBucketTags(tags);
      await state.store.transaction((tx) => tx.s3Buckets.setTags(input.Bucket, tagsJson(tags)));
      state.buckets.invalidate(input.Bucket);
    },
  });
