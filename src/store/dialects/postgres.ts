// PostgreSQL, for several `latchkey serve` nodes sharing one database. bigint columns hold epoch
// milliseconds, which fit a JS number; parse them as numbers rather than pg's default strings.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from '../schema.js';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function openPostgres(connectionString: string, maxConnections = 10): Kysely<Schema> {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
