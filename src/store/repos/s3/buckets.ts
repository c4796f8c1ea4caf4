// S3 buckets: name, owner, region, policy and tag set. Names are global, as in S3.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { S3BucketsTable } from '../../schema/s3.js';
import { lockingRead } from './locking.js';

export type BucketRow = S3BucketsTable;

export interface BucketsRead {
  get(name: string): Promise<BucketRow | undefined>;
  /** The account's buckets in name order. */
  listForAccount(accountId: string): Promise<BucketRow[]>;
}

export interface BucketsRepo extends BucketsRead {
  /** Reads the bucket and, on PostgreSQL, locks its row until the transaction ends. */
  getForUpdate(name: string): Promise<BucketRow | undefined>;
  /** Reads the bucket and, on PostgreSQL, keeps it from being deleted until the transaction ends. */
  getForShare(name: string): Promise<BucketRow | undefined>;
  insert(row: BucketRow): Promise<void>;
  delete(name: string): Promise<boolean>;
  setPolicy(name: string, policy: string | null): Promise<boolean>;
  setTags(name: string, tags: string | null): Promise<boolean>;
}

export class SqlBuckets implements BucketsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(name: string): Promise<BucketRow | undefined> {
    return this.db.selectFrom('s3_buckets').selectAll().where('name', '=', name).executeTakeFirst();
  }

  getForUpdate(name: string): Promise<BucketRow | undefined> {
    return lockingRead(this.db, this.db.selectFrom('s3_buckets').selectAll().where('name', '=', name));
  }

  getForShare(name: string): Promise<BucketRow | undefined> {
    return lockingRead(
      this.db,
      this.db.selectFrom('s3_buckets').selectAll().where('name', '=', name),
      'share',
    );
  }

  listForAccount(accountId: string): Promise<BucketRow[]> {
    return this.db
      .selectFrom('s3_buckets')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('name')
      .execute();
  }

  async insert(row: BucketRow): Promise<void> {
    await this.db.insertInto('s3_buckets').values(row).execute();
  }

  async delete(name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('s3_buckets').where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async setPolicy(name: string, policy: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('s3_buckets')
      .set({ policy })
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setTags(name: string, tags: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('s3_buckets')
      .set({ tags })
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
