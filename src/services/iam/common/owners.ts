// The three kinds of IAM identity that own inline policies and attachments — roles, users, groups —
// described once, so the Put/Get/List/Delete…Policy and Attach/Detach/ListAttached…Policies operations
// are written once for all three.
import type { ReadRepositories } from '../../../store/store.js';
import { requireGroup, requireRole, requireUser } from './lookups.js';

export type OwnerKind = 'role' | 'user' | 'group';

export interface OwnerSpec {
  readonly kind: OwnerKind;
  /** The request member naming the owner: RoleName, UserName, GroupName. */
  readonly field: 'RoleName' | 'UserName' | 'GroupName';
  /** The capitalised kind in operation names: Role, User, Group. */
  readonly title: 'Role' | 'User' | 'Group';
  /** Finds the owner (its case-preserved name) or answers IAM's not-found error. */
  require(r: ReadRepositories, accountId: string, name: string): Promise<{ name: string; arn: string }>;
  /** Managed policies attached at most (quota name and value come from deps). */
  readonly quota: 'PoliciesPerRole' | 'PoliciesPerUser' | 'PoliciesPerGroup';
}

export const OWNERS: Record<OwnerKind, OwnerSpec> = {
  role: { kind: 'role', field: 'RoleName', title: 'Role', require: requireRole, quota: 'PoliciesPerRole' },
  user: { kind: 'user', field: 'UserName', title: 'User', require: requireUser, quota: 'PoliciesPerUser' },
  group: {
    kind: 'group',
    field: 'GroupName',
    title: 'Group',
    require: requireGroup,
    quota: 'PoliciesPerGroup',
  },
};
