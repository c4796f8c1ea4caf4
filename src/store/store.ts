// The store: one small interface over two implementations of the same schema and migrations
// (STYLE.md §11). Reads go through `read`; `transaction(fn)` is the only way to write.
// Owns: schema, migrations, repositories. May use: aws types. Knows no AWS error codes.

import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { localChangeFeed, postgresChangeFeed, type ChangeFeed } from './changes.js';
import { openPostgres } from './dialects/postgres.js';
import { openSqlite } from './dialects/sqlite.js';
import { isUniqueViolation, UniqueViolation } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import { ec2Repos, type Ec2Read, type Ec2Repos } from './repos/ec2/index.js';
import { foundationRepos, type FoundationRead, type FoundationRepos } from './repos/foundation.js';
import { iamRepos, type IamRead, type IamRepos } from './repos/iam/index.js';
import { s3Repos, type S3Read, type S3Repos } from './repos/s3/index.js';
import type { Database } from './schema.js';

export type StoreConfig =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/** Every owner's read side; each owner's repositories live in ./repos/<owner>. */
export interface ReadRepositories extends FoundationRead, IamRead, Ec2Read, S3Read {}

/** Every owner's repositories, reads and writes, as a transaction sees them. */
export interface Repositories extends FoundationRepos, IamRepos, Ec2Repos, S3Repos {}

export interface Store {
  readonly dialect: StoreConfig['kind'];
  readonly read: ReadRepositories;
  /** Runs fn in one transaction; a uniqueness violation inside surfaces as UniqueViolation. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** What migrating at open did, in order. */
  readonly migrations: readonly MigrationResult[];
  /** Change notices between the nodes sharing this store (cache invalidation). */
  readonly changes: ChangeFeed;
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>): Repositories {
  return { ...foundationRepos(db), ...iamRepos(db), ...ec2Repos(db), ...s3Repos(db) };
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const db = config.kind === 'sqlite' ? openSqlite(config.path) : openPostgres(config.url);
  const { results, error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`store: migration failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  let closed = false;
  const changes = config.kind === 'postgres' ? postgresChangeFeed(config.url) : localChangeFeed();
  return {
    dialect: config.kind,
    read: repositories(db),
    migrations: results ?? [],
    changes,
    async transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
      try {
        return await db.transaction().execute((trx) => fn(repositories(trx)));
      } catch (e) {
        throw isUniqueViolation(e) ? new UniqueViolation(e) : e;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await changes.close();
      await db.destroy();
    },
  };
}
