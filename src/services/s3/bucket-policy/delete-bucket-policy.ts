// s3:DeleteBucketPolicy — 204 whether or not there was a policy.
import { operation } from '../../service.js';
import { requireBucket } from '../lookup.js';
import type { DeleteBucketPolicyRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { policyAccess } from './policy-access.js';

export const deleteBucketPolicy = (state: S3State) =>
  operation<DeleteBucketPolicyRequest, void>({
    action: 's3:DeleteBucketPolicy',
    access: async (input, ctx) => [
      policyAccess(ctx, await requireBucket(state, ctx, input.Bucket), 's3:DeleteBucketPolicy'),
    ],
    handler: async (input) => {
      await state.store.transaction((tx) => tx.s3Buckets.setPolicy(input.Bucket, null));
      state.buckets.invalidate(input.Bucket);
    },
  });
