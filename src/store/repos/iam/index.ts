// IAM's repositories. Reads go in IamRead; writes only in IamRepos, which the store hands out inside
// a transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type {
  IamGroupsTable,
  IamInstanceProfilesTable,
  IamPoliciesTable,
  IamRolesTable,
  IamUsersTable,
} from '../../schema/iam.js';
import { SqlNamed, type NamedRead, type NamedRepo } from './named.js';
import {
  SqlAttachments,
  SqlGroupMembers,
  SqlInlinePolicies,
  SqlLoginProfiles,
  SqlPolicyVersions,
  type AttachmentsRead,
  type AttachmentsRepo,
  type GroupMembersRead,
  type GroupMembersRepo,
  type InlinePoliciesRead,
  type InlinePoliciesRepo,
  type LoginProfilesRead,
  type LoginProfilesRepo,
  type PolicyVersionsRead,
  type PolicyVersionsRepo,
} from './policies.js';
import { SqlStsKeys, type StsKeysRead, type StsKeysRepo } from './sts-keys.js';

export type UserRow = IamUsersTable;
export type GroupRow = IamGroupsTable;
export type RoleRow = IamRolesTable;
export type InstanceProfileRow = IamInstanceProfilesTable;
export type ManagedPolicyRow = IamPoliciesTable;

export interface BoundariesRead {
  /** How many users and roles of the account use the policy as their permissions boundary. */
  count(accountId: string, policyArn: string): Promise<number>;
}

class SqlBoundaries implements BoundariesRead {
  constructor(private readonly db: Kysely<Database>) {}
  async count(accountId: string, policyArn: string): Promise<number> {
    const n = async (table: 'iam_roles' | 'iam_users') => {
      const r = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('account_id', '=', accountId)
        .where('boundary_arn', '=', policyArn)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    };
    return (await n('iam_roles')) + (await n('iam_users'));
  }
}

export interface IamRead {
  readonly boundaries: BoundariesRead;
  readonly users: NamedRead<UserRow>;
  readonly groups: NamedRead<GroupRow>;
  readonly roles: NamedRead<RoleRow>;
  readonly instanceProfiles: NamedRead<InstanceProfileRow> & {
    forRole(accountId: string, role: string): Promise<InstanceProfileRow[]>;
  };
  readonly policies: NamedRead<ManagedPolicyRow>;
  readonly policyVersions: PolicyVersionsRead;
  readonly inlinePolicies: InlinePoliciesRead;
  readonly attachments: AttachmentsRead;
  readonly groupMembers: GroupMembersRead;
  readonly loginProfiles: LoginProfilesRead;
  readonly stsKeys: StsKeysRead;
}

export interface IamRepos extends IamRead {
  readonly users: NamedRepo<UserRow>;
  readonly groups: NamedRepo<GroupRow>;
  readonly roles: NamedRepo<RoleRow>;
  readonly instanceProfiles: NamedRepo<InstanceProfileRow> & {
    forRole(accountId: string, role: string): Promise<InstanceProfileRow[]>;
    /** Sets the profile's role only if it has none (atomic: a profile never gets two roles). */
    setRoleIfEmpty(accountId: string, profile: string, role: string): Promise<boolean>;
    /** Clears the role only if it is `role`. */
    clearRole(accountId: string, profile: string, role: string): Promise<boolean>;
  };
  readonly policies: NamedRepo<ManagedPolicyRow>;
  readonly policyVersions: PolicyVersionsRepo;
  readonly inlinePolicies: InlinePoliciesRepo;
  readonly attachments: AttachmentsRepo;
  readonly groupMembers: GroupMembersRepo;
  readonly loginProfiles: LoginProfilesRepo;
  readonly stsKeys: StsKeysRepo;
}

class SqlInstanceProfiles extends SqlNamed<InstanceProfileRow> {
  constructor(private readonly kdb: Kysely<Database>) {
    super(kdb, 'iam_instance_profiles');
  }
  async setRoleIfEmpty(accountId: string, profile: string, role: string): Promise<boolean> {
    const r = await this.kdb
      .updateTable('iam_instance_profiles')
      .set({ role_lower: role.toLowerCase() })
      .where('account_id', '=', accountId)
      .where('name_lower', '=', profile.toLowerCase())
      .where('role_lower', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async clearRole(accountId: string, profile: string, role: string): Promise<boolean> {
    const r = await this.kdb
      .updateTable('iam_instance_profiles')
      .set({ role_lower: null })
      .where('account_id', '=', accountId)
      .where('name_lower', '=', profile.toLowerCase())
      .where('role_lower', '=', role.toLowerCase())
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  forRole(accountId: string, role: string): Promise<InstanceProfileRow[]> {
    return this.kdb
      .selectFrom('iam_instance_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('role_lower', '=', role.toLowerCase())
      .orderBy('name_lower')
      .execute();
  }
}

export const iamRepos = (db: Kysely<Database>): IamRepos => ({
  boundaries: new SqlBoundaries(db),
  users: new SqlNamed<UserRow>(db, 'iam_users'),
  groups: new SqlNamed<GroupRow>(db, 'iam_groups'),
  roles: new SqlNamed<RoleRow>(db, 'iam_roles'),
  instanceProfiles: new SqlInstanceProfiles(db),
  policies: new SqlNamed<ManagedPolicyRow>(db, 'iam_policies'),
  policyVersions: new SqlPolicyVersions(db),
  inlinePolicies: new SqlInlinePolicies(db),
  attachments: new SqlAttachments(db),
  groupMembers: new SqlGroupMembers(db),
  loginProfiles: new SqlLoginProfiles(db),
  stsKeys: new SqlStsKeys(db),
});
