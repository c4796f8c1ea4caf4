// EC2 tables (issue 5). See schema/ec2.ts for what each column holds. The partial unique indexes are
// the guarantees concurrent requests rely on: one active association per instance, one live instance
// per private IP in a VPC, one live instance per metadata address. SQLite and PostgreSQL both support
// `CREATE UNIQUE INDEX … WHERE`.
import { sql, type Kysely, type SqlBool } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ec2_instances')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('instance_type', 'text', (c) => c.notNull())
    .addColumn('launch_index', 'integer', (c) => c.notNull())
    .addColumn('key_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_reason', 'text', (c) => c.notNull())
    .addColumn('launched_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('terminated_at', 'bigint')
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('subnet_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('private_ip', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('security_groups', 'text', (c) => c.notNull())
    .addColumn('user_data', 'text')
    .addColumn('client_token', 'text')
    .addColumn('http_tokens', 'text', (c) => c.notNull())
    .addColumn('http_put_response_hop_limit', 'integer', (c) => c.notNull())
    .addColumn('http_endpoint', 'text', (c) => c.notNull())
    .addColumn('http_protocol_ipv6', 'text', (c) => c.notNull())
    .addColumn('instance_metadata_tags', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('imds_address', 'text', (c) => c.notNull())
    .addColumn('driver', 'text', (c) => c.notNull())
    .addColumn('boot', 'integer', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ec2_instances_by_account')
    .on('ec2_instances')
    .columns(['account_id', 'created_at', 'instance_id'])
    .execute();
  await db.schema
    .createIndex('ec2_instances_live_ip')
    .unique()
    .on('ec2_instances')
    .columns(['vpc_id', 'private_ip'])
    .where(sql<SqlBool>`live = 1`)
    .execute();
  await db.schema
    .createIndex('ec2_instances_live_address')
    .unique()
    .on('ec2_instances')
    .column('imds_address')
    .where(sql<SqlBool>`live = 1`)
    .execute();

  await db.schema
    .createTable('ec2_associations')
    .addColumn('association_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('profile_arn', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('associated_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  // The guarantee that concurrent Associate/Replace calls cannot leave two active associations.
  await db.schema
    .createIndex('ec2_associations_one_active')
    .unique()
    .on('ec2_associations')
    .column('instance_id')
    .where(sql<SqlBool>`active = 1`)
    .execute();
  await db.schema
    .createIndex('ec2_associations_by_account')
    .on('ec2_associations')
    .columns(['account_id', 'associated_at', 'association_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ec2_associations').execute();
  await db.schema.dropTable('ec2_instances').execute();
}
