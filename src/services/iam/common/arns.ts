// IAM ARNs (reference iam-sts-policy.md §2.3): the path is part of user, group, role, policy and
// instance-profile ARNs; AWS managed policies live in the `aws` account.

export const AWS_MANAGED_PREFIX = 'arn:aws:iam::aws:policy';

export const iamArn = (
  accountId: string,
  type: 'user' | 'group' | 'role' | 'policy' | 'instance-profile',
  path: string,
  name: string,
) => `arn:aws:iam::${accountId}:${type}${path}${name}`;

export interface ParsedIamArn {
  readonly account: string;
  readonly type: string;
  readonly path: string;
  readonly name: string;
}

/** `arn:aws:iam::ACCOUNT:type/path/name` → its parts, or undefined when it is not one. */
export function parseIamArn(arn: string): ParsedIamArn | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):([a-z-]+)(\/(?:[^/]*\/)*)([^/]+)$/.exec(arn);
  if (!m) return undefined;
  return { account: m[1]!, type: m[2]!, path: m[3]!, name: m[4]! };
}
