// IAM's tables (issue 4): users, groups, roles, managed policies and their versions, inline
// policies, attachments, instance profiles, login profiles, and STS's session-token keyring.
// Names are unique per account case-insensitively (`name_lower`), and case is preserved in `name`.
// Tags are JSON arrays of {Key, Value} in insertion order.

/** Who an inline policy or attachment belongs to. */
export type IamOwnerKind = 'user' | 'group' | 'role';

export interface IamUsersTable {
  account_id: string;
  name: string;
  name_lower: string;
  user_id: string;
  path: string;
  arn: string;
  created_at: number;
  boundary_arn: string | null;
  tags: string;
}

export interface IamGroupsTable {
  account_id: string;
  name: string;
  name_lower: string;
  group_id: string;
  path: string;
  arn: string;
  created_at: number;
}

export interface IamGroupMembersTable {
  account_id: string;
  group_lower: string;
  user_lower: string;
  added_at: number;
}

export interface IamRolesTable {
  account_id: string;
  name: string;
  name_lower: string;
  role_id: string;
  path: string;
  arn: string;
  created_at: number;
  trust_policy: string;
  /** JSON {arn: uniqueId} of the IAM users and roles the trust policy named when it was saved. */
  trust_principals: string;
  description: string | null;
  max_session_duration: number;
  boundary_arn: string | null;
  tags: string;
  last_used_at: number | null;
  last_used_region: string | null;
}

export interface IamPoliciesTable {
  arn: string;
  account_id: string;
  name: string;
  name_lower: string;
  policy_id: string;
  path: string;
  description: string | null;
  default_version: string;
  /** The number the next CreatePolicyVersion takes: version ids are never reused. */
  next_version: number;
  created_at: number;
  updated_at: number;
  tags: string;
}

export interface IamPolicyVersionsTable {
  policy_arn: string;
  version_id: string;
  document: string;
  created_at: number;
}

export interface IamInlinePoliciesTable {
  account_id: string;
  owner_kind: IamOwnerKind;
  owner_lower: string;
  policy_name: string;
  document: string;
  created_at: number;
}

export interface IamAttachmentsTable {
  account_id: string;
  owner_kind: IamOwnerKind;
  owner_lower: string;
  policy_arn: string;
  created_at: number;
}

export interface IamInstanceProfilesTable {
  account_id: string;
  name: string;
  name_lower: string;
  profile_id: string;
  path: string;
  arn: string;
  created_at: number;
  /** The one role (lower-cased name), or null. */
  role_lower: string | null;
  tags: string;
}

export interface IamLoginProfilesTable {
  account_id: string;
  user_lower: string;
  password_hash: string;
  reset_required: number;
  created_at: number;
}

export interface IamEntityCountsTable {
  account_id: string;
  /** The table counted: iam_users, iam_roles, … */
  kind: string;
  n: number;
}

export interface StsKeysTable {
  id: string;
  key_sealed: string;
  created_at: number;
  retired_at: number | null;
}

export interface IamTables {
  iam_users: IamUsersTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
  iam_roles: IamRolesTable;
  iam_policies: IamPoliciesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_inline_policies: IamInlinePoliciesTable;
  iam_attachments: IamAttachmentsTable;
  iam_instance_profiles: IamInstanceProfilesTable;
  iam_login_profiles: IamLoginProfilesTable;
  iam_entity_counts: IamEntityCountsTable;
  sts_keys: StsKeysTable;
}
