// s3:GetBucketPolicyStatus — IsPublic per ./policy-status.ts; NoSuchBucketPolicy without a policy.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import type { GetBucketPolicyStatusOutput, GetBucketPolicyStatusRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { isPublicPolicy } from './policy-status.js';

export const getBucketPolicyStatus = (state: S3State) =>
  operation<GetBucketPolicyStatusRequest, GetBucketPolicyStatusOutput>({
    action: 's3:GetBucketPolicyStatus',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:GetBucketPolicyStatus', bucketArn(input.Bucket))];
    },
    handler: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      if (!bucket.policy) throw S3Errors.noSuchBucketPolicy(input.Bucket);
      return { PolicyStatus: { IsPublic: isPublicPolicy(bucket.policy) } };
    },
  });
