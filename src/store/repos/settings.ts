// Small named values the server keeps across restarts (the default account id, …).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface SettingsRead {
  get(key: string): Promise<string | undefined>;
}

export interface SettingsRepo extends SettingsRead {
  set(key: string, value: string): Promise<void>;
}

export class SqlSettings implements SettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
