// The tables, as Kysely sees them, one file per owner under ./schema. One schema for both dialects
// (SQLite and PostgreSQL): times are epoch milliseconds in bigint columns, booleans are 0/1 integers,
// JSON is text. Secrets are stored sealed (AES-256-GCM, see aws/crypto/sealer.ts), never in clear.
import type { Ec2Tables } from './schema/ec2.js';
import type { FoundationTables } from './schema/foundation.js';
import type { IamTables } from './schema/iam.js';
import type { S3Tables } from './schema/s3.js';

export interface Database extends FoundationTables, IamTables, Ec2Tables, S3Tables {}

export type { AccessKeysTable, AccountsTable, SettingsTable } from './schema/foundation.js';
