// STS's session-token keyring: AES-256 keys sealed under the master key. Every node loads them, so
// any node opens a token another node sealed.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { StsKeysTable } from '../../schema/iam.js';

export type StsKeyRow = StsKeysTable;

export interface StsKeysRead {
  /** Every key not yet removed, oldest first. */
  list(): Promise<StsKeyRow[]>;
}
export interface StsKeysRepo extends StsKeysRead {
  insert(row: StsKeyRow): Promise<void>;
  retire(id: string, at: number): Promise<void>;
  remove(id: string): Promise<void>;
}

export class SqlStsKeys implements StsKeysRepo {
  constructor(private readonly db: Kysely<Database>) {}
  list() {
    return this.db.selectFrom('sts_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  }
  async insert(row: StsKeyRow) {
    await this.db.insertInto('sts_keys').values(row).execute();
  }
  async retire(id: string, at: number) {
    await this.db.updateTable('sts_keys').set({ retired_at: at }).where('id', '=', id).execute();
  }
  async remove(id: string) {
    await this.db.deleteFrom('sts_keys').where('id', '=', id).execute();
  }
}
