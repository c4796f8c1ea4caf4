// The access request of the three bucket-policy operations. The bucket owner's root user may always
// get, put and delete the bucket policy, even when the policy denies it — so that a policy can never
// lock its owner out (Amazon S3 API Reference, PutBucketPolicy / DeleteBucketPolicy: "the root
// principal in the bucket owner's AWS account can perform the GetBucketPolicy, PutBucketPolicy, and
// DeleteBucketPolicy API actions, even if their bucket policy explicitly denies the root principal").
import type { BucketRow } from '../../../store/repos/s3/index.js';
import type { AccessRequest, RequestContext } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';

export function policyAccess(ctx: RequestContext, bucket: BucketRow, action: string): AccessRequest {
  const request = s3Access(ctx, bucket, action, bucketArn(bucket.name));
  if (ctx.caller.type !== 'Root' || ctx.caller.accountId !== bucket.account_id) return request;
  const { resourcePolicy: _ignored, ...withoutPolicy } = request;
  return withoutPolicy;
}
