// Finding IAM entities or answering IAM's not-found errors, and what a policy ARN refers to.
import type { ReadRepositories } from '../../../store/store.js';
import type {
  GroupRow,
  InstanceProfileRow,
  ManagedPolicyRow,
  RoleRow,
  UserRow,
} from '../../../store/repos/iam/index.js';
import { parseIamArn } from './arns.js';
import type { AwsManagedPolicy, ManagedPolicyCatalogue } from './catalogue.js';
import { isAwsManagedArn } from './catalogue.js';
import { IamErrors } from './errors.js';

export async function requireRole(r: ReadRepositories, accountId: string, name: string): Promise<RoleRow> {
  const row = await r.roles.get(accountId, name);
  if (!row) throw IamErrors.noSuchRole(name);
  return row;
}

export async function requireUser(r: ReadRepositories, accountId: string, name: string): Promise<UserRow> {
  const row = await r.users.get(accountId, name);
  if (!row) throw IamErrors.noSuchUser(name);
  return row;
}

export async function requireGroup(r: ReadRepositories, accountId: string, name: string): Promise<GroupRow> {
  const row = await r.groups.get(accountId, name);
  if (!row) throw IamErrors.noSuchGroup(name);
  return row;
}

export async function requireInstanceProfile(
  r: ReadRepositories,
  accountId: string,
  name: string,
): Promise<InstanceProfileRow> {
  const row = await r.instanceProfiles.get(accountId, name);
  if (!row) throw IamErrors.noSuchInstanceProfile(name);
  return row;
}

export type ManagedPolicyRef =
  | { readonly kind: 'customer'; readonly row: ManagedPolicyRow }
  | { readonly kind: 'aws'; readonly policy: AwsManagedPolicy };

/** A managed policy by ARN, customer (in `accountId`) or AWS; undefined when there is none. */
export async function findManagedPolicy(
  r: ReadRepositories,
  catalogue: ManagedPolicyCatalogue,
  accountId: string,
  arn: string,
): Promise<ManagedPolicyRef | undefined> {
  if (isAwsManagedArn(arn)) {
    const policy = catalogue.get(arn);
    return policy ? { kind: 'aws', policy } : undefined;
  }
  const parsed = parseIamArn(arn);
  if (!parsed || parsed.type !== 'policy' || parsed.account !== accountId) return undefined;
  const row = await r.policies.getByArn(arn);
  return row ? { kind: 'customer', row } : undefined;
}

/** The default version's document of a managed policy. */
export async function managedPolicyDocument(r: ReadRepositories, ref: ManagedPolicyRef): Promise<string> {
  if (ref.kind === 'aws') return ref.policy.document;
  const v = await r.policyVersions.get(ref.row.arn, ref.row.default_version);
  return v?.document ?? '{"Version":"2012-10-17","Statement":[]}';
}
