// S3 multipart uploads and their parts. A part row names the blob holding its bytes; completing an
// upload moves the chosen parts' blobs into the object row and deletes the upload and its parts.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { S3PartsTable, S3UploadsTable } from '../../schema/s3.js';
import { lockingRead } from './locking.js';

export type UploadRow = S3UploadsTable;
export type PartRow = S3PartsTable;

export interface UploadsRead {
  get(uploadId: string): Promise<UploadRow | undefined>;
  /**
   * Uploads of a bucket ordered by key, then initiation time, then id; from `from` (inclusive) and
   * after the (key, initiated, id) position `after` (exclusive).
   */
  list(
    bucket: string,
    range: {
      readonly from?: string | undefined;
      readonly after?: { key: string; initiated: number; uploadId: string } | undefined;
      readonly limit: number;
    },
  ): Promise<UploadRow[]>;
  forBucket(bucket: string): Promise<UploadRow[]>;
  parts(uploadId: string, afterPart: number, limit: number): Promise<PartRow[]>;
  /** Every part of one upload, in part-number order. */
  allParts(uploadId: string): Promise<PartRow[]>;
  /** Every blob id any part names (for the blob collector). */
  partBlobs(
    afterUpload: string,
    afterPart: number,
    limit: number,
  ): Promise<{ upload_id: string; part_number: number; blob: string }[]>;
}

export interface UploadsRepo extends UploadsRead {
  /** Reads the upload and, on PostgreSQL, locks its row until the transaction ends. */
  getForUpdate(uploadId: string): Promise<UploadRow | undefined>;
  /** Reads the upload and, on PostgreSQL, keeps it from being completed or aborted meanwhile. */
  getForShare(uploadId: string): Promise<UploadRow | undefined>;
  insert(row: UploadRow): Promise<void>;
  /** Deletes the upload and every part row; returns the parts that were deleted. */
  delete(uploadId: string): Promise<PartRow[]>;
  /** Creates or replaces a part; returns the part it replaced. */
  putPart(row: PartRow): Promise<PartRow | undefined>;
}

export class SqlUploads implements UploadsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(uploadId: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
  }

  getForShare(uploadId: string): Promise<UploadRow | undefined> {
    return lockingRead(
      this.db,
      this.db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId),
      'share',
    );
  }

  getForUpdate(uploadId: string): Promise<UploadRow | undefined> {
    return lockingRead(
      this.db,
      this.db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId),
    );
  }

  list(
    bucket: string,
    range: {
      readonly from?: string | undefined;
      readonly after?: { key: string; initiated: number; uploadId: string } | undefined;
      readonly limit: number;
    },
  ): Promise<UploadRow[]> {
    let q = this.db.selectFrom('s3_uploads').selectAll().where('bucket', '=', bucket);
    if (range.from !== undefined) q = q.where('key', '>=', range.from);
    const after = range.after;
    if (after !== undefined) {
      q = q.where((eb) =>
        eb.or([
          eb('key', '>', after.key),
          eb.and([eb('key', '=', after.key), eb('initiated', '>', after.initiated)]),
          eb.and([
            eb('key', '=', after.key),
            eb('initiated', '=', after.initiated),
            eb('upload_id', '>', after.uploadId),
          ]),
        ]),
      );
    }
    return q.orderBy('key').orderBy('initiated').orderBy('upload_id').limit(range.limit).execute();
  }

  forBucket(bucket: string): Promise<UploadRow[]> {
    return this.db.selectFrom('s3_uploads').selectAll().where('bucket', '=', bucket).execute();
  }

  parts(uploadId: string, afterPart: number, limit: number): Promise<PartRow[]> {
    return this.db
      .selectFrom('s3_parts')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('part_number', '>', afterPart)
      .orderBy('part_number')
      .limit(limit)
      .execute();
  }

  allParts(uploadId: string): Promise<PartRow[]> {
    return this.db
      .selectFrom('s3_parts')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .orderBy('part_number')
      .execute();
  }

  partBlobs(
    afterUpload: string,
    afterPart: number,
    limit: number,
  ): Promise<{ upload_id: string; part_number: number; blob: string }[]> {
    return this.db
      .selectFrom('s3_parts')
      .select(['upload_id', 'part_number', 'blob'])
      .where((eb) =>
        eb.or([
          eb('upload_id', '>', afterUpload),
          eb.and([eb('upload_id', '=', afterUpload), eb('part_number', '>', afterPart)]),
        ]),
      )
      .orderBy('upload_id')
      .orderBy('part_number')
      .limit(limit)
      .execute();
  }

  async insert(row: UploadRow): Promise<void> {
    await this.db.insertInto('s3_uploads').values(row).execute();
  }

  async delete(uploadId: string): Promise<PartRow[]> {
    const parts = await this.allParts(uploadId);
    await this.db.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
    await this.db.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
    return parts;
  }

  async putPart(row: PartRow): Promise<PartRow | undefined> {
    const previous = await lockingRead(
      this.db,
      this.db
        .selectFrom('s3_parts')
        .selectAll()
        .where('upload_id', '=', row.upload_id)
        .where('part_number', '=', row.part_number),
    );
    const { upload_id: _u, part_number: _p, ...rest } = row;
    await this.db
      .insertInto('s3_parts')
      .values(row)
      .onConflict((oc) => oc.columns(['upload_id', 'part_number']).doUpdateSet(rest))
      .execute();
    return previous;
  }
}
