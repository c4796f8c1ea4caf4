// Row locks for read-modify-write transactions. PostgreSQL runs concurrent transactions, so a row that
// is read and then replaced is read `FOR UPDATE` (or `FOR SHARE`, to keep it from being deleted);
// SQLite runs one writer at a time and has no such clause (the whole transaction is serialised).
import { PostgresAdapter, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../schema.js';

export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function lockingRead<O>(
  db: Kysely<Database>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any select over any table
  q: SelectQueryBuilder<Database, any, O>,
  mode: 'update' | 'share' = 'update',
): Promise<O | undefined> {
  if (!isPostgres(db)) return q.executeTakeFirst();
  return (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
}
