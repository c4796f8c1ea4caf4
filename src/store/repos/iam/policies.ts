// Managed policies' versions, inline policies, attachments of managed policies, group membership
// and login profiles: the IAM relations that are not named entities.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type {
  IamAttachmentsTable,
  IamInlinePoliciesTable,
  IamLoginProfilesTable,
  IamOwnerKind,
  IamPolicyVersionsTable,
} from '../../schema/iam.js';

export type PolicyVersionRow = IamPolicyVersionsTable;
export type InlinePolicyRow = IamInlinePoliciesTable;
export type AttachmentRow = IamAttachmentsTable;
export type LoginProfileRow = IamLoginProfilesTable;

export interface Owner {
  readonly accountId: string;
  readonly kind: IamOwnerKind;
  /** The owner's name; stored lower-cased. */
  readonly name: string;
}

export interface PolicyVersionsRead {
  get(policyArn: string, versionId: string): Promise<PolicyVersionRow | undefined>;
  /** Newest first. */
  list(policyArn: string): Promise<PolicyVersionRow[]>;
}
export interface PolicyVersionsRepo extends PolicyVersionsRead {
  insert(row: PolicyVersionRow): Promise<void>;
  delete(policyArn: string, versionId: string): Promise<boolean>;
}

export class SqlPolicyVersions implements PolicyVersionsRepo {
  constructor(private readonly db: Kysely<Database>) {}
  get(policyArn: string, versionId: string) {
    return this.db
      .selectFrom('iam_policy_versions')
      .selectAll()
      .where('policy_arn', '=', policyArn)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
  }
  async list(policyArn: string) {
    const rows = await this.db
      .selectFrom('iam_policy_versions')
      .selectAll()
      .where('policy_arn', '=', policyArn)
      .execute();
    return rows.sort((a, b) => versionNumber(b.version_id) - versionNumber(a.version_id));
  }
  async insert(row: PolicyVersionRow) {
    await this.db.insertInto('iam_policy_versions').values(row).execute();
  }
  async delete(policyArn: string, versionId: string) {
    const r = await this.db
      .deleteFrom('iam_policy_versions')
      .where('policy_arn', '=', policyArn)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

export const versionNumber = (id: string): number => Number(/^v(\d+)/.exec(id)?.[1] ?? 0);

export interface InlinePoliciesRead {
  get(owner: Owner, policyName: string): Promise<InlinePolicyRow | undefined>;
  /** Ordered by policy name. */
  list(owner: Owner): Promise<InlinePolicyRow[]>;
}
export interface InlinePoliciesRepo extends InlinePoliciesRead {
  put(owner: Owner, policyName: string, document: string, now: number): Promise<void>;
  delete(owner: Owner, policyName: string): Promise<boolean>;
  deleteAll(owner: Owner): Promise<void>;
  renameOwner(owner: Owner, to: string): Promise<void>;
}

export class SqlInlinePolicies implements InlinePoliciesRepo {
  constructor(private readonly db: Kysely<Database>) {}
  #where(owner: Owner) {
    return this.db
      .selectFrom('iam_inline_policies')
      .selectAll()
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase());
  }
  get(owner: Owner, policyName: string) {
    return this.#where(owner).where('policy_name', '=', policyName).executeTakeFirst();
  }
  list(owner: Owner) {
    return this.#where(owner).orderBy('policy_name').execute();
  }
  async put(owner: Owner, policyName: string, document: string, now: number) {
    await this.db
      .insertInto('iam_inline_policies')
      .values({
        account_id: owner.accountId,
        owner_kind: owner.kind,
        owner_lower: owner.name.toLowerCase(),
        policy_name: policyName,
        document,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['account_id', 'owner_kind', 'owner_lower', 'policy_name']).doUpdateSet({ document }),
      )
      .execute();
  }
  async delete(owner: Owner, policyName: string) {
    const r = await this.db
      .deleteFrom('iam_inline_policies')
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase())
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async renameOwner(owner: Owner, to: string) {
    await this.db
      .updateTable('iam_inline_policies')
      .set({ owner_lower: to.toLowerCase() })
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase())
      .execute();
  }
  async deleteAll(owner: Owner) {
    await this.db
      .deleteFrom('iam_inline_policies')
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase())
      .execute();
  }
}

export interface AttachmentsRead {
  /** The managed policy ARNs attached to an owner, in attachment order. */
  list(owner: Owner): Promise<AttachmentRow[]>;
  /** Everything a managed policy is attached to (within an account for AWS managed policies). */
  byPolicy(policyArn: string, accountId?: string): Promise<AttachmentRow[]>;
  countByPolicy(policyArn: string, accountId?: string): Promise<number>;
  /** Policy ARNs attached to at least one entity of the account. */
  attachedInAccount(accountId: string): Promise<string[]>;
}
export interface AttachmentsRepo extends AttachmentsRead {
  attach(owner: Owner, policyArn: string, now: number): Promise<void>;
  detach(owner: Owner, policyArn: string): Promise<boolean>;
  renameOwner(owner: Owner, to: string): Promise<void>;
}

export class SqlAttachments implements AttachmentsRepo {
  constructor(private readonly db: Kysely<Database>) {}
  list(owner: Owner) {
    return this.db
      .selectFrom('iam_attachments')
      .selectAll()
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase())
      .orderBy('created_at')
      .orderBy('policy_arn')
      .execute();
  }
  byPolicy(policyArn: string, accountId?: string) {
    let q = this.db.selectFrom('iam_attachments').selectAll().where('policy_arn', '=', policyArn);
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return q.orderBy('owner_kind').orderBy('owner_lower').execute();
  }
  async countByPolicy(policyArn: string, accountId?: string) {
    let q = this.db
      .selectFrom('iam_attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('policy_arn', '=', policyArn);
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    const r = await q.executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  async attachedInAccount(accountId: string) {
    const rows = await this.db
      .selectFrom('iam_attachments')
      .select('policy_arn')
      .distinct()
      .where('account_id', '=', accountId)
      .execute();
    return rows.map((r) => r.policy_arn);
  }
  async attach(owner: Owner, policyArn: string, now: number) {
    await this.db
      .insertInto('iam_attachments')
      .values({
        account_id: owner.accountId,
        owner_kind: owner.kind,
        owner_lower: owner.name.toLowerCase(),
        policy_arn: policyArn,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  async renameOwner(owner: Owner, to: string) {
    await this.db
      .updateTable('iam_attachments')
      .set({ owner_lower: to.toLowerCase() })
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase())
      .execute();
  }
  async detach(owner: Owner, policyArn: string) {
    const r = await this.db
      .deleteFrom('iam_attachments')
      .where('account_id', '=', owner.accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_lower', '=', owner.name.toLowerCase())
      .where('policy_arn', '=', policyArn)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

export interface GroupMembersRead {
  /** Lower-cased user names of a group. */
  usersOf(accountId: string, group: string): Promise<string[]>;
  /** Lower-cased group names of a user, in the order they were joined. */
  groupsOf(accountId: string, user: string): Promise<string[]>;
}
export interface GroupMembersRepo extends GroupMembersRead {
  add(accountId: string, group: string, user: string, now: number): Promise<void>;
  remove(accountId: string, group: string, user: string): Promise<boolean>;
  renameUser(accountId: string, from: string, to: string): Promise<void>;
}

export class SqlGroupMembers implements GroupMembersRepo {
  constructor(private readonly db: Kysely<Database>) {}
  async usersOf(accountId: string, group: string) {
    const rows = await this.db
      .selectFrom('iam_group_members')
      .select('user_lower')
      .where('account_id', '=', accountId)
      .where('group_lower', '=', group.toLowerCase())
      .orderBy('user_lower')
      .execute();
    return rows.map((r) => r.user_lower);
  }
  async groupsOf(accountId: string, user: string) {
    const rows = await this.db
      .selectFrom('iam_group_members')
      .select('group_lower')
      .where('account_id', '=', accountId)
      .where('user_lower', '=', user.toLowerCase())
      .orderBy('added_at')
      .orderBy('group_lower')
      .execute();
    return rows.map((r) => r.group_lower);
  }
  async add(accountId: string, group: string, user: string, now: number) {
    await this.db
      .insertInto('iam_group_members')
      .values({
        account_id: accountId,
        group_lower: group.toLowerCase(),
        user_lower: user.toLowerCase(),
        added_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  async renameUser(accountId: string, from: string, to: string) {
    await this.db
      .updateTable('iam_group_members')
      .set({ user_lower: to.toLowerCase() })
      .where('account_id', '=', accountId)
      .where('user_lower', '=', from.toLowerCase())
      .execute();
  }
  async remove(accountId: string, group: string, user: string) {
    const r = await this.db
      .deleteFrom('iam_group_members')
      .where('account_id', '=', accountId)
      .where('group_lower', '=', group.toLowerCase())
      .where('user_lower', '=', user.toLowerCase())
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

export interface LoginProfilesRead {
  get(accountId: string, user: string): Promise<LoginProfileRow | undefined>;
}
export interface LoginProfilesRepo extends LoginProfilesRead {
  put(row: LoginProfileRow): Promise<void>;
  delete(accountId: string, user: string): Promise<boolean>;
  renameUser(accountId: string, from: string, to: string): Promise<void>;
}

export class SqlLoginProfiles implements LoginProfilesRepo {
  constructor(private readonly db: Kysely<Database>) {}
  get(accountId: string, user: string) {
    return this.db
      .selectFrom('iam_login_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_lower', '=', user.toLowerCase())
      .executeTakeFirst();
  }
  async renameUser(accountId: string, from: string, to: string) {
    await this.db
      .updateTable('iam_login_profiles')
      .set({ user_lower: to.toLowerCase() })
      .where('account_id', '=', accountId)
      .where('user_lower', '=', from.toLowerCase())
      .execute();
  }
  async put(row: LoginProfileRow) {
    await this.db
      .insertInto('iam_login_profiles')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['account_id', 'user_lower'])
          .doUpdateSet({ password_hash: row.password_hash, reset_required: row.reset_required }),
      )
      .execute();
  }
  async delete(accountId: string, user: string) {
    const r = await this.db
      .deleteFrom('iam_login_profiles')
      .where('account_id', '=', accountId)
      .where('user_lower', '=', user.toLowerCase())
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
