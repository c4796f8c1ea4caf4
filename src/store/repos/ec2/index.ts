// Ec2's repositories (filled in by its issue). Reads go in Ec2Read; writes only in Ec2Repos,
// which the store hands out inside a transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface Ec2Read {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface Ec2Repos extends Ec2Read {}

export const ec2Repos = (db: Kysely<Database>): Ec2Repos => {
  void db;
  return {};
};
