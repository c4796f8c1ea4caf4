// The embedded store: SQLite through better-sqlite3, in WAL mode with synchronous=FULL so that a
// committed transaction survives a crash or power loss once the request that wrote it is answered.
// Prepared statements are reused by SQL text: Kysely prepares every query it runs, and preparing costs
// more than running a point lookup (measured on S3 GetObject: most of the store's share of a request).
// One connection runs one statement at a time, so a cached statement is never in use twice.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema } from '../schema.js';

const MAX_STATEMENTS = 1000;

export function openSqlite(path: string): Kysely<Schema> {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, ReturnType<typeof prepare>>();
  const cached = ((source: string) => {
    let stmt = statements.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
      statements.set(source, stmt);
    }
    return stmt;
  }) as typeof sqlite.prepare;
  return new Kysely<Schema>({
    dialect: new SqliteDialect({ database: Object.assign(sqlite, { prepare: cached }) }),
  });
}
