// The foundation's tables: settings, accounts, access keys.

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AccountsTable {
  id: string;
  created_at: number;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** null for the account's root user. */
  user_name: string | null;
  secret_sealed: string;
  status: string;
  created_at: number;
  last_used_at: number | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface FoundationTables {
  settings: SettingsTable;
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
}
