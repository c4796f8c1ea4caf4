// Every migration, in order. Names sort lexically; never rename or edit one that has shipped, and
// always add after the last (0003 was never used).
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as iam from './0002-iam.js';
import * as s3 from './0004-s3.js';
import * as ec2 from './0005-ec2.js';

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-iam': iam,
  '0004-s3': s3,
  '0005-ec2': ec2,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
