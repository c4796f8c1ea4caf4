// The embedded store: SQLite through better-sqlite3, in WAL mode with synchronous=FULL so that a
// committed transaction survives a crash or power loss once the request that wrote it is answered.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema } from '../schema.js';

export function openSqlite(path: string): Kysely<Schema> {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
}
