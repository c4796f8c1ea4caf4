// AccessDenied as IAM and STS word it (reference iam-sts-policy.md §4.5):
// `User: ARN is not authorized to perform: ACTION on resource: ARN because …`.
import { AwsError } from '../aws/errors.js';
import type { Denial } from './service.js';

export function queryAccessDenied(d: Denial): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${d.caller.arn} is not authorized to perform: ${d.action} on resource: ${d.resource}${d.reason ? ' ' + d.reason : ''}`,
    403,
  );
}
