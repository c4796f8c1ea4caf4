// S3 objects: one row per key, naming the blob files that hold its bytes. Listing walks keys in byte
// order from a start point; the service builds prefixes, delimiters and pages on top.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { S3ObjectsTable } from '../../schema/s3.js';
import { lockingRead } from './locking.js';

export type ObjectRow = S3ObjectsTable;

/** What a listing shows of an object. */
export type ObjectSummary = Pick<
  ObjectRow,
  | 'key'
  | 'size'
  | 'etag'
  | 'last_modified'
  | 'storage_class'
  | 'checksum_algorithm'
  | 'checksum_type'
  | 'owner_account'
>;

export interface ListFrom {
  /** Only keys strictly after this one. */
  readonly after?: string | undefined;
  /** Only keys at or after this one. */
  readonly from?: string | undefined;
  readonly limit: number;
}

export interface ObjectsRead {
  get(bucket: string, key: string): Promise<ObjectRow | undefined>;
  /** Keys in byte order, starting where `range` says. */
  list(bucket: string, range: ListFrom): Promise<ObjectSummary[]>;
  any(bucket: string): Promise<boolean>;
  /** Every blob id any object names, a page at a time (for the blob collector). */
  blobPage(
    afterBucket: string,
    afterKey: string,
    limit: number,
  ): Promise<{ bucket: string; key: string; segments: string }[]>;
}

export interface ObjectsRepo extends ObjectsRead {
  /** Reads the object and, on PostgreSQL, locks its row until the transaction ends. */
  getForUpdate(bucket: string, key: string): Promise<ObjectRow | undefined>;
  /** Creates or replaces the object at (bucket, key). */
  put(row: ObjectRow): Promise<void>;
  delete(bucket: string, key: string): Promise<boolean>;
  setTags(bucket: string, key: string, tags: string, count: number): Promise<boolean>;
}

const SUMMARY = [
  'key',
  'size',
  'etag',
  'last_modified',
  'storage_class',
  'checksum_algorithm',
  'checksum_type',
  'owner_account',
] as const;

export class SqlObjects implements ObjectsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(bucket: string, key: string): Promise<ObjectRow | undefined> {
    return this.db
      .selectFrom('s3_objects')
      .selectAll()
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  getForUpdate(bucket: string, key: string): Promise<ObjectRow | undefined> {
    return lockingRead(
      this.db,
      this.db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key),
    );
  }

  list(bucket: string, range: ListFrom): Promise<ObjectSummary[]> {
    let q = this.db.selectFrom('s3_objects').select(SUMMARY).where('bucket', '=', bucket);
    if (range.after !== undefined) q = q.where('key', '>', range.after);
    if (range.from !== undefined) q = q.where('key', '>=', range.from);
    return q.orderBy('key').limit(range.limit).execute();
  }

  async any(bucket: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('s3_objects')
      .select('key')
      .where('bucket', '=', bucket)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  blobPage(
    afterBucket: string,
    afterKey: string,
    limit: number,
  ): Promise<{ bucket: string; key: string; segments: string }[]> {
    return this.db
      .selectFrom('s3_objects')
      .select(['bucket', 'key', 'segments'])
      .where((eb) =>
        eb.or([
          eb('bucket', '>', afterBucket),
          eb.and([eb('bucket', '=', afterBucket), eb('key', '>', afterKey)]),
        ]),
      )
      .orderBy('bucket')
      .orderBy('key')
      .limit(limit)
      .execute();
  }

  async put(row: ObjectRow): Promise<void> {
    const { bucket: _b, key: _k, ...rest } = row;
    await this.db
      .insertInto('s3_objects')
      .values(row)
      .onConflict((oc) => oc.columns(['bucket', 'key']).doUpdateSet(rest))
      .execute();
  }

  async delete(bucket: string, key: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('s3_objects')
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async setTags(bucket: string, key: string, tags: string, count: number): Promise<boolean> {
    const r = await this.db
      .updateTable('s3_objects')
      .set({ tags, tag_count: count })
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
