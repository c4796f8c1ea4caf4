// Iam's repositories (filled in by its issue). Reads go in IamRead; writes only in IamRepos,
// which the store hands out inside a transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface IamRead {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface IamRepos extends IamRead {}

export const iamRepos = (db: Kysely<Database>): IamRepos => {
  void db;
  return {};
};
