// Runs the store conformance suite on PostgreSQL (127.0.0.1:5432 on this project's machines, or
// LATCHKEY_TEST_PG_URL). Each run creates a fresh database and drops it afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { storeConformance } from './conformance.js';
import { openStore } from './store.js';

export const ADMIN_URL = process.env.LATCHKEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

storeConformance('postgres', async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`PostgreSQL store suite skipped: cannot connect to ${ADMIN_URL} (${(e as Error).message})`);
    return undefined;
  }
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + name;
  return {
    open: () => openStore({ kind: 'postgres', url: url.toString() }),
    destroy: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
});
