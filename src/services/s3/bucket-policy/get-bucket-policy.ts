// s3:GetBucketPolicy — the policy text as it was put; NoSuchBucketPolicy when there is none.
import { operation } from '../../service.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import type { GetBucketPolicyOutput, GetBucketPolicyRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { policyAccess } from './policy-access.js';

export const getBucketPolicy = (state: S3State) =>
  operation<GetBucketPolicyRequest, GetBucketPolicyOutput>({
    action: 's3:GetBucketPolicy',
    access: async (input, ctx) => [
      policyAccess(ctx, await requireBucket(state, ctx, input.Bucket), 's3:GetBucketPolicy'),
    ],
    handler: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      if (!bucket.policy) throw S3Errors.noSuchBucketPolicy(input.Bucket);
      return { Policy: bucket.policy };
    },
  });
