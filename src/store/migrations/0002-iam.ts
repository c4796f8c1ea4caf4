// IAM and STS tables (issue 4). See schema/iam.ts for what each column holds.
import type { CreateTableBuilder, Kysely } from 'kysely';

/** Columns every named IAM entity has. */
function named<T extends string>(t: CreateTableBuilder<T, never>, idColumn: string) {
  return t
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn(idColumn, 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${idColumn}_pk`, ['account_id', 'name_lower'] as never);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await named(db.schema.createTable('iam_users'), 'user_id')
    .addColumn('boundary_arn', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await named(db.schema.createTable('iam_groups'), 'group_id').execute();
  await db.schema
    .createTable('iam_group_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('group_lower', 'text', (c) => c.notNull())
    .addColumn('user_lower', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_group_members_pk', ['account_id', 'group_lower', 'user_lower'])
    .execute();
  await db.schema
    .createIndex('iam_group_members_by_user')
    .on('iam_group_members')
    .columns(['account_id', 'user_lower'])
    .execute();
  await named(db.schema.createTable('iam_roles'), 'role_id')
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('trust_principals', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('boundary_arn', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_region', 'text')
    .execute();
  await db.schema
    .createTable('iam_policies')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_version', 'text', (c) => c.notNull())
    .addColumn('next_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addUniqueConstraint('iam_policies_name', ['account_id', 'name_lower'])
    .execute();
  await db.schema
    .createTable('iam_policy_versions')
    .addColumn('policy_arn', 'text', (c) => c.notNull().references('iam_policies.arn').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_policy_versions_pk', ['policy_arn', 'version_id'])
    .execute();
  await db.schema
    .createTable('iam_inline_policies')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_lower', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_inline_policies_pk', [
      'account_id',
      'owner_kind',
      'owner_lower',
      'policy_name',
    ])
    .execute();
  await db.schema
    .createTable('iam_attachments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_lower', 'text', (c) => c.notNull())
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_attachments_pk', ['account_id', 'owner_kind', 'owner_lower', 'policy_arn'])
    .execute();
  await db.schema
    .createIndex('iam_attachments_by_policy')
    .on('iam_attachments')
    .columns(['policy_arn'])
    .execute();
  await named(db.schema.createTable('iam_instance_profiles'), 'profile_id')
    .addColumn('role_lower', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createIndex('iam_instance_profiles_by_role')
    .on('iam_instance_profiles')
    .columns(['account_id', 'role_lower'])
    .execute();
  await db.schema
    .createTable('iam_login_profiles')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_lower', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('reset_required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_login_profiles_pk', ['account_id', 'user_lower'])
    .execute();
  // Entities per account, kept in step with inserts and deletes, so quota checks cost one row read.
  await db.schema
    .createTable('iam_entity_counts')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_entity_counts_pk', ['account_id', 'kind'])
    .execute();
  await db.schema
    .createTable('sts_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'sts_keys',
    'iam_entity_counts',
    'iam_login_profiles',
    'iam_instance_profiles',
    'iam_attachments',
    'iam_inline_policies',
    'iam_policy_versions',
    'iam_policies',
    'iam_roles',
    'iam_group_members',
    'iam_groups',
    'iam_users',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
