// The store: one small interface over two implementations of the same schema and migrations
// (STYLE.md §11). Reads go through `read`; `transaction(fn)` is the only way to write.
// Owns: schema, migrations, repositories. May use: aws types. Knows no AWS error codes.

import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { openPostgres } from './dialects/postgres.js';
import { openSqlite } from './dialects/sqlite.js';
import { isUniqueViolation, UniqueViolation } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import { SqlAccessKeys, type AccessKeysRead, type AccessKeysRepo } from './repos/access-keys.js';
import { SqlAccounts, type AccountsRead, type AccountsRepo } from './repos/accounts.js';
import { SqlSettings, type SettingsRead, type SettingsRepo } from './repos/settings.js';
import type { Database } from './schema.js';

export type StoreConfig =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

export interface ReadRepositories {
  readonly settings: SettingsRead;
  readonly accounts: AccountsRead;
  readonly accessKeys: AccessKeysRead;
}

export interface Repositories extends ReadRepositories {
  readonly settings: SettingsRepo;
  readonly accounts: AccountsRepo;
  readonly accessKeys: AccessKeysRepo;
}

export interface Store {
  readonly dialect: StoreConfig['kind'];
  readonly read: ReadRepositories;
  /** Runs fn in one transaction; a uniqueness violation inside surfaces as UniqueViolation. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** What migrating at open did, in order. */
  readonly migrations: readonly MigrationResult[];
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>): Repositories {
  return { settings: new SqlSettings(db), accounts: new SqlAccounts(db), accessKeys: new SqlAccessKeys(db) };
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
  return {
    dialect: config.kind,
    read: repositories(db),
    migrations: results ?? [],
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
      await db.destroy();
    },
  };
}
