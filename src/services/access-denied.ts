// AccessDenied as IAM and STS word it (reference iam-sts-policy.md §4.5):
// `User: ARN is not authorized to perform: ACTION on resource: ARN because …`.
import { AwsError } from '../aws/errors.js';
import type { Denial } from './service.js';

export function queryAccessDenied(d: Denial): AwsError {
  // Recorded from AWS for a root caller of AssumeRole (reference iam-sts-policy.md §4.1).
  if (d.rule === 'root-cannot-assume-role')
    return new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.', 403);
  // Actions that take no resource name none: `on resource:` is left out for `*` (the policy engine's
  // decision, src/policy/README.md, after the User Guide's wildcard-only examples).
  const on = d.resource === '*' ? '' : ` on resource: ${d.resource}`;
  return new AwsError(
    'AccessDenied',
    `User: ${d.caller.arn} is not authorized to perform: ${d.action}${on}${d.reason ? ' ' + d.reason : ''}`,
    403,
  );
}
