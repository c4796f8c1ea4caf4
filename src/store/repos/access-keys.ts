// Long-term access keys (root's and IAM users'). The secret is stored sealed; callers seal and open it.
import type { Kysely } from 'kysely';
import type { AccessKeysTable, Database } from '../schema.js';

export type AccessKeyRow = AccessKeysTable;

export interface AccessKeysRead {
  get(accessKeyId: string): Promise<AccessKeyRow | undefined>;
  /** Keys of one user, or of the account's root user when userName is null; oldest first. */
  listFor(accountId: string, userName: string | null): Promise<AccessKeyRow[]>;
}

export interface AccessKeysRepo extends AccessKeysRead {
  insert(row: AccessKeyRow): Promise<void>;
  setStatus(accessKeyId: string, status: string): Promise<boolean>;
  delete(accessKeyId: string): Promise<boolean>;
  recordUse(accessKeyId: string, at: number, service: string, region: string): Promise<void>;
  /** Moves a user's keys to its new name (UpdateUser). */
  renameUser(accountId: string, from: string, to: string): Promise<void>;
}

export class SqlAccessKeys implements AccessKeysRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    return this.db
      .selectFrom('access_keys')
      .selectAll()
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
  }

  listFor(accountId: string, userName: string | null): Promise<AccessKeyRow[]> {
    return this.db
      .selectFrom('access_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_name', userName === null ? 'is' : '=', userName)
      .orderBy('created_at')
      .orderBy('access_key_id')
      .execute();
  }

  async insert(row: AccessKeyRow): Promise<void> {
    await this.db.insertInto('access_keys').values(row).execute();
  }

  async setStatus(accessKeyId: string, status: string): Promise<boolean> {
    const r = await this.db
      .updateTable('access_keys')
      .set({ status })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(accessKeyId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('access_keys')
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async renameUser(accountId: string, from: string, to: string): Promise<void> {
    await this.db
      .updateTable('access_keys')
      .set({ user_name: to })
      .where('account_id', '=', accountId)
      .where('user_name', '=', from)
      .execute();
  }

  async recordUse(accessKeyId: string, at: number, service: string, region: string): Promise<void> {
    await this.db
      .updateTable('access_keys')
      .set({ last_used_at: at, last_used_service: service, last_used_region: region })
      .where('access_key_id', '=', accessKeyId)
      .execute();
  }
}
