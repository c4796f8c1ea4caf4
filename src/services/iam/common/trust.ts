// The trust policy IAM shows and evaluates. IAM stores the users and roles a trust policy names by
// their unique ids: when such an entity is deleted (or deleted and re-created under the same name),
// the policy shows — and matches — the old id instead of the ARN (reference iam-sts-policy.md §6.4).
import type { ReadRepositories } from '../../../store/store.js';
import type { RoleRow } from '../../../store/repos/iam/index.js';
import { parseIamArn } from './arns.js';

/** Looks an IAM user or role ARN up and answers its unique id, or undefined. */
export async function uniqueIdOf(r: ReadRepositories, arn: string): Promise<string | undefined> {
  const p = parseIamArn(arn);
  if (!p) return undefined;
  if (p.type === 'role') {
    const row = await r.roles.getByArn(arn);
    return row?.role_id;
  }
  if (p.type === 'user') {
    const row = await r.users.getByArn(arn);
    return row?.user_id;
  }
  return undefined;
}

/** The trust policy text with every principal whose entity is gone replaced by its stored unique id. */
export async function effectiveTrustPolicy(r: ReadRepositories, row: RoleRow): Promise<string> {
  const stored = JSON.parse(row.trust_principals) as Record<string, string>;
  let text = row.trust_policy;
  for (const [arn, id] of Object.entries(stored)) {
    if ((await uniqueIdOf(r, arn)) !== id) text = text.split(JSON.stringify(arn)).join(JSON.stringify(id));
  }
  return text;
}
