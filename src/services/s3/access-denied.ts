// S3's AccessDenied. For requests from the bucket owner's own account S3 says which policy type denied
// ("User: ARN is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no
// identity-based policy allows the s3:GetObject action"); cross-account and anonymous requests get the
// bare "Access Denied" (Amazon S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors":
// access-denied message examples; wire text in aws-samples/serverless-patterns#2457, noobaa-core#10060).
import { AwsError } from '../../aws/errors.js';
import type { Denial } from '../service.js';
import { bucketOfArn } from './arns.js';
import type { BucketCache } from './bucket-cache.js';

export function s3AccessDenied(buckets: BucketCache): (d: Denial) => AwsError {
  return (d) => {
    const bucket = bucketOfArn(d.resource);
    const owner = bucket === undefined ? d.caller.accountId : buckets.owner(bucket);
    const sameAccount = d.caller.type !== 'Anonymous' && owner !== undefined && owner === d.caller.accountId;
    if (!sameAccount) return new AwsError('AccessDenied', 'Access Denied', 403);
    const resource = d.resource === '*' ? '*' : `"${d.resource}"`;
    return new AwsError(
      'AccessDenied',
      `User: ${d.caller.arn} is not authorized to perform: ${d.action} on resource: ${resource}${d.reason ? ' ' + d.reason : ''}`,
      403,
    );
  };
}
