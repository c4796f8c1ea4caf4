// Every migration, in order. Names sort lexically; never rename or edit one that has shipped.
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.js';

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
