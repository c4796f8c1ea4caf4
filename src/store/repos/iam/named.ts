// One repository shape for every IAM entity addressed by (account, case-insensitive name): users,
// groups, roles, instance profiles, managed policies. Listing is ordered by lower-cased name and
// resumes after a name (the operations turn that into IAM's opaque Marker).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema.js';

type NamedTable = 'iam_users' | 'iam_groups' | 'iam_roles' | 'iam_instance_profiles' | 'iam_policies';

export interface ListPage<T> {
  readonly items: T[];
  /** The lower-cased name to resume after, when more items exist. */
  readonly next: string | undefined;
}

export interface NamedRead<T> {
  get(accountId: string, name: string): Promise<T | undefined>;
  getByArn(arn: string): Promise<T | undefined>;
  list(accountId: string, opts: { pathPrefix?: string; after?: string; limit: number }): Promise<ListPage<T>>;
  count(accountId: string): Promise<number>;
}

export interface NamedRepo<T> extends NamedRead<T> {
  insert(row: T): Promise<void>;
  update(accountId: string, name: string, patch: Partial<T>): Promise<boolean>;
  delete(accountId: string, name: string): Promise<boolean>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- one implementation over five tables of the same shape */
export class SqlNamed<
  T extends { name: string; name_lower: string; account_id: string; path: string },
> implements NamedRepo<T> {
  readonly #db: Kysely<any>;
  constructor(
    db: Kysely<Database>,
    private readonly table: NamedTable,
  ) {
    this.#db = db as unknown as Kysely<any>;
  }

  get(accountId: string, name: string): Promise<T | undefined> {
    return this.#db
      .selectFrom(this.table)
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst() as Promise<T | undefined>;
  }

  getByArn(arn: string): Promise<T | undefined> {
    return this.#db.selectFrom(this.table).selectAll().where('arn', '=', arn).executeTakeFirst() as Promise<
      T | undefined
    >;
  }

  async list(
    accountId: string,
    opts: { pathPrefix?: string; after?: string; limit: number },
  ): Promise<ListPage<T>> {
    let q = this.#db.selectFrom(this.table).selectAll().where('account_id', '=', accountId);
    if (opts.pathPrefix !== undefined && opts.pathPrefix !== '/')
      q = q.where(pathStartsWith(opts.pathPrefix));
    if (opts.after !== undefined) q = q.where('name_lower', '>', opts.after);
    const rows = (await q
      .orderBy('name_lower')
      .limit(opts.limit + 1)
      .execute()) as T[];
    const more = rows.length > opts.limit;
    const items = more ? rows.slice(0, opts.limit) : rows;
    return { items, next: more ? items[items.length - 1]!.name_lower : undefined };
  }

  /** One row read: the count is kept in iam_entity_counts by insert and delete. */
  async count(accountId: string): Promise<number> {
    const r = await this.#db
      .selectFrom('iam_entity_counts')
      .select('n')
      .where('account_id', '=', accountId)
      .where('kind', '=', this.table)
      .executeTakeFirst();
    return Number((r as { n: number } | undefined)?.n ?? 0);
  }

  async #adjust(accountId: string, by: number): Promise<void> {
    await this.#db
      .insertInto('iam_entity_counts')
      .values({ account_id: accountId, kind: this.table, n: Math.max(by, 0) })
      .onConflict((oc) =>
        oc.columns(['account_id', 'kind']).doUpdateSet({ n: sql`iam_entity_counts.n + ${by}` }),
      )
      .execute();
  }

  async insert(row: T): Promise<void> {
    await this.#db
      .insertInto(this.table)
      .values(row as any)
      .execute();
    await this.#adjust(row.account_id, 1);
  }

  async update(accountId: string, name: string, patch: Partial<T>): Promise<boolean> {
    const r = await this.#db
      .updateTable(this.table)
      .set(patch as any)
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const r = await this.#db
      .deleteFrom(this.table)
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
    const gone = Number(r.numDeletedRows) > 0;
    if (gone) await this.#adjust(accountId, -1);
    return gone;
  }
}

/** `path` starts with `prefix` — substr rather than LIKE, so `%` and `_` in paths are plain characters. */
export function pathStartsWith(prefix: string) {
  return sql<boolean>`substr(path, 1, ${prefix.length}) = ${prefix}`;
}
