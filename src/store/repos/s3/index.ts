// S3's repositories (filled in by its issue). Reads go in S3Read; writes only in S3Repos,
// which the store hands out inside a transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface S3Read {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface S3Repos extends S3Read {}

export const s3Repos = (db: Kysely<Database>): S3Repos => {
  void db;
  return {};
};
