// The foundation's repositories: settings, accounts, access keys.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { SqlAccessKeys, type AccessKeysRead, type AccessKeysRepo } from './access-keys.js';
import { SqlAccounts, type AccountsRead, type AccountsRepo } from './accounts.js';
import { SqlSettings, type SettingsRead, type SettingsRepo } from './settings.js';

export interface FoundationRead {
  readonly settings: SettingsRead;
  readonly accounts: AccountsRead;
  readonly accessKeys: AccessKeysRead;
}

export interface FoundationRepos extends FoundationRead {
  readonly settings: SettingsRepo;
  readonly accounts: AccountsRepo;
  readonly accessKeys: AccessKeysRepo;
}

export const foundationRepos = (db: Kysely<Database>): FoundationRepos => ({
  settings: new SqlSettings(db),
  accounts: new SqlAccounts(db),
  accessKeys: new SqlAccessKeys(db),
});
