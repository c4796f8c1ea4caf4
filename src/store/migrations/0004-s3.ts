// S3 tables (issue 6). See schema/s3.ts for what each column holds. Object keys and names sort in
// UTF-8 byte order, as S3 lists them: SQLite's BINARY collation is that order; on PostgreSQL the
// columns that are listed by are `COLLATE "C"` so that the database's locale cannot reorder them.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const byteOrder = (c: ColumnDefinitionBuilder) => (postgres ? c.modifyEnd(sql`collate "C"`) : c);

  await db.schema
    .createTable('s3_buckets')
    .addColumn('name', 'text', (c) => byteOrder(c.primaryKey()))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('policy', 'text')
    .addColumn('tags', 'text')
    .execute();
  await db.schema
    .createIndex('s3_buckets_by_account')
    .on('s3_buckets')
    .columns(['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('s3_objects')
    .addColumn('bucket', 'text', (c) => byteOrder(c.notNull()))
    .addColumn('key', 'text', (c) => byteOrder(c.notNull()))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('tag_count', 'integer', (c) => c.notNull())
    .addColumn('storage_class', 'text', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'text')
    .addColumn('checksum_value', 'text')
    .addColumn('checksum_type', 'text')
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('parts', 'text')
    .addColumn('owner_account', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('s3_objects_pk', ['bucket', 'key'])
    .execute();

  await db.schema
    .createTable('s3_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', 'text', (c) => byteOrder(c.notNull()))
    .addColumn('key', 'text', (c) => byteOrder(c.notNull()))
    .addColumn('initiated', 'bigint', (c) => c.notNull())
    .addColumn('owner_account', 'text', (c) => c.notNull())
    .addColumn('initiator_arn', 'text', (c) => c.notNull())
    .addColumn('storage_class', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'text')
    .addColumn('checksum_type', 'text')
    .execute();
  await db.schema
    .createIndex('s3_uploads_by_key')
    .on('s3_uploads')
    .columns(['bucket', 'key', 'initiated', 'upload_id'])
    .execute();

  await db.schema
    .createTable('s3_parts')
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('checksum_value', 'text')
    .addPrimaryKeyConstraint('s3_parts_pk', ['upload_id', 'part_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('s3_parts').execute();
  await db.schema.dropTable('s3_uploads').execute();
  await db.schema.dropTable('s3_objects').execute();
  await db.schema.dropTable('s3_buckets').execute();
}
