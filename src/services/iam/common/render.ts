// Stored rows as IAM's response shapes. Which members each operation returns is AWS's (reference
// iam-sts-policy.md §3.2, §3.4, §3.8): CreateRole has no MaxSessionDuration or RoleLastUsed, ListRoles
// no tags or boundary, embedded roles only the basics; PermissionsBoundaryType is "Policy" on the wire.
import type {
  GroupRow,
  InstanceProfileRow,
  ManagedPolicyRow,
  RoleRow,
  UserRow,
} from '../../../store/repos/iam/index.js';
import type { Group, InstanceProfile, Policy, Role, User } from '../shapes.js';
import type { AwsManagedPolicy } from './catalogue.js';
import { parseTags } from './tags.js';

export type RoleView = 'create' | 'get' | 'list' | 'embedded' | 'description';

/** `trust` is the effective trust policy text (see trust.ts). */
export function renderRole(row: RoleRow, view: RoleView, trust: string): Role {
  const role: Role = {
    Path: row.path,
    RoleName: row.name,
    RoleId: row.role_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
    AssumeRolePolicyDocument: trust,
  };
  if (view === 'embedded') return role;
  if (row.description !== null) role.Description = row.description;
  if (view === 'get' || view === 'list') role.MaxSessionDuration = row.max_session_duration;
  if (view !== 'list' && row.boundary_arn !== null) {
    role.PermissionsBoundary = {
      PermissionsBoundaryType: 'Policy' as never,
      PermissionsBoundaryArn: row.boundary_arn,
    };
  }
  const tags = parseTags(row.tags);
  if (view !== 'list' && tags.length > 0) role.Tags = tags;
  if (view === 'get') {
    role.RoleLastUsed =
      row.last_used_at === null
        ? {}
        : {
            LastUsedDate: new Date(row.last_used_at),
            ...(row.last_used_region ? { Region: row.last_used_region } : {}),
          };
  }
  return role;
}

export function renderUser(row: UserRow, withTags: boolean): User {
  const user: User = {
    Path: row.path,
    UserName: row.name,
    UserId: row.user_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
  };
  if (row.boundary_arn !== null)
    user.PermissionsBoundary = {
      PermissionsBoundaryType: 'Policy' as never,
      PermissionsBoundaryArn: row.boundary_arn,
    };
  const tags = parseTags(row.tags);
  if (withTags && tags.length > 0) user.Tags = tags;
  return user;
}

export const renderGroup = (row: GroupRow): Group => ({
  Path: row.path,
  GroupName: row.name,
  GroupId: row.group_id,
  Arn: row.arn,
  CreateDate: new Date(row.created_at),
});

/** `tags`: 'always' (GetInstanceProfile answers Tags: [] when none), 'if-any', or 'never'. */
export function renderInstanceProfile(
  row: InstanceProfileRow,
  roles: Role[],
  tags: 'always' | 'if-any' | 'never',
): InstanceProfile {
  const p: InstanceProfile = {
    Path: row.path,
    InstanceProfileName: row.name,
    InstanceProfileId: row.profile_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
    Roles: roles,
  };
  const t = parseTags(row.tags);
  if (tags === 'always' || (tags === 'if-any' && t.length > 0)) p.Tags = t;
  return p;
}

export interface PolicyCounts {
  readonly attachments: number;
  readonly boundaries: number;
}

export type PolicyView = 'create' | 'get' | 'list';

export function renderPolicy(row: ManagedPolicyRow, counts: PolicyCounts, view: PolicyView): Policy {
  const p: Policy = {
    PolicyName: row.name,
    PolicyId: row.policy_id,
    Arn: row.arn,
    Path: row.path,
    DefaultVersionId: row.default_version,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    CreateDate: new Date(row.created_at),
    UpdateDate: new Date(row.updated_at),
  };
  if (view !== 'list' && row.description !== null) p.Description = row.description;
  const tags = parseTags(row.tags);
  if (view === 'get') p.Tags = tags;
  else if (view === 'create' && tags.length > 0) p.Tags = tags;
  return p;
}

export function renderAwsManagedPolicy(p: AwsManagedPolicy, counts: PolicyCounts, view: PolicyView): Policy {
  const out: Policy = {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
  };
  if (view === 'get') out.Tags = [];
  return out;
}
