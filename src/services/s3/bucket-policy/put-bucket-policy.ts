// s3:PutBucketPolicy — validates and stores the bucket's resource policy; every later request on the
// bucket is evaluated with it (src/services/s3/access.ts).
import { operation } from '../../service.js';
import { requireBucket } from '../lookup.js';
import type { PutBucketPolicyRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { policyAccess } from './policy-access.js';
import { S3Errors } from '../errors.js';
import { validateBucketPolicy } from './validate-bucket-policy.js';

export const putBucketPolicy = (state: S3State) =>
  operation<PutBucketPolicyRequest, void>({
    action: 's3:PutBucketPolicy',
    access: async (input, ctx) => [
      policyAccess(ctx, await requireBucket(state, ctx, input.Bucket), 's3:PutBucketPolicy'),
    ],
    handler: async (input) => {
      validateBucketPolicy(input.Bucket, input.Policy);
      const ok = await state.store.transaction((tx) => tx.s3Buckets.setPolicy(input.Bucket, input.Policy));
      state.buckets.invalidate(input.Bucket);
      if (!ok) throw S3Errors.noSuchBucket(input.Bucket);
    },
  });
