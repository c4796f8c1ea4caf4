// AWS accounts served by this installation.
import type { Kysely } from 'kysely';
import type { AccountsTable, Database } from '../schema.js';

export type Account = AccountsTable;

export interface AccountsRead {
  get(id: string): Promise<Account | undefined>;
  list(): Promise<Account[]>;
}

export interface AccountsRepo extends AccountsRead {
  insert(account: Account): Promise<void>;
}

export class SqlAccounts implements AccountsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(id: string): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<Account[]> {
    return this.db.selectFrom('accounts').selectAll().orderBy('id').execute();
  }

  async insert(account: Account): Promise<void> {
    await this.db.insertInto('accounts').values(account).execute();
  }
}
