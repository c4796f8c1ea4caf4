// S3's repositories. Reads go in S3Read; writes only in S3Repos, which the store hands out inside a
// transaction. The rows name blob files (see schema/s3.ts); the files themselves are the service's.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import { SqlBuckets, type BucketsRead, type BucketsRepo } from './buckets.js';
import { SqlObjects, type ObjectsRead, type ObjectsRepo } from './objects.js';
import { SqlUploads, type UploadsRead, type UploadsRepo } from './uploads.js';

export type { BucketRow } from './buckets.js';
export type { ListFrom, ObjectRow, ObjectSummary } from './objects.js';
export type { PartRow, UploadRow } from './uploads.js';

export interface S3Read {
  readonly s3Buckets: BucketsRead;
  readonly s3Objects: ObjectsRead;
  readonly s3Uploads: UploadsRead;
}

export interface S3Repos extends S3Read {
  readonly s3Buckets: BucketsRepo;
  readonly s3Objects: ObjectsRepo;
  readonly s3Uploads: UploadsRepo;
}

export const s3Repos = (db: Kysely<Database>): S3Repos => ({
  s3Buckets: new SqlBuckets(db),
  s3Objects: new SqlObjects(db),
  s3Uploads: new SqlUploads(db),
});
