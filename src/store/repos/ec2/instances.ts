// EC2 instances. A state change is a conditional update (`where state in (…)`), so two concurrent
// requests cannot both move an instance out of the same state; reads that precede a dependent write
// lock the row on PostgreSQL (SQLite serialises writers).
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { Ec2InstancesTable } from '../../schema/ec2.js';

export type InstanceRow = Ec2InstancesTable;

export interface InstancesRead {
  get(instanceId: string): Promise<InstanceRow | undefined>;
  /** An account's instances (optionally only `ids`), oldest first. */
  list(accountId: string, ids?: readonly string[]): Promise<InstanceRow[]>;
  /** Every instance that is not terminated, across accounts (the metadata service loads these). */
  listLive(): Promise<InstanceRow[]>;
  /** The live instance whose metadata endpoint is `address`. */
  byAddress(address: string): Promise<InstanceRow | undefined>;
  /** Instances by id, in any order (missing ones are left out). */
  getMany(instanceIds: readonly string[]): Promise<InstanceRow[]>;
  /** What new instances must not collide with: the live instances' addresses (a narrow read). */
  liveAddresses(): Promise<
    { vpc_id: string; private_ip: string; availability_zone: string; imds_address: string }[]
  >;
}

export interface InstancesRepo extends InstancesRead {
  /** The row, locked against concurrent change until the transaction ends (PostgreSQL). */
  getForUpdate(instanceId: string): Promise<InstanceRow | undefined>;
  insert(row: InstanceRow): Promise<void>;
  /** Applies `patch` when the instance is in one of `from` (any state when omitted); true if it was. */
  update(instanceId: string, patch: Partial<InstanceRow>, from?: readonly string[]): Promise<boolean>;
}

export class SqlInstances implements InstancesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(instanceId: string): Promise<InstanceRow | undefined> {
    return this.db
      .selectFrom('ec2_instances')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .executeTakeFirst();
  }

  getForUpdate(instanceId: string): Promise<InstanceRow | undefined> {
    const q = this.db.selectFrom('ec2_instances').selectAll().where('instance_id', '=', instanceId);
    // SQLite runs one writer at a time and has no FOR UPDATE; PostgreSQL needs the row lock.
    return this.db.getExecutor().adapter instanceof PostgresAdapter
      ? q.forUpdate().executeTakeFirst()
      : q.executeTakeFirst();
  }

  async list(accountId: string, ids?: readonly string[]): Promise<InstanceRow[]> {
    if (ids && ids.length === 0) return [];
    let q = this.db.selectFrom('ec2_instances').selectAll().where('account_id', '=', accountId);
    if (ids) q = q.where('instance_id', 'in', [...ids]);
    return q.orderBy('created_at').orderBy('launch_index').orderBy('instance_id').execute();
  }

  listLive(): Promise<InstanceRow[]> {
    return this.db.selectFrom('ec2_instances').selectAll().where('live', '=', 1).execute();
  }

  async getMany(instanceIds: readonly string[]): Promise<InstanceRow[]> {
    const out: InstanceRow[] = [];
    // In chunks: SQLite limits the number of bound parameters per statement.
    for (let i = 0; i < instanceIds.length; i += 500) {
      const chunk = instanceIds.slice(i, i + 500);
      out.push(
        ...(await this.db
          .selectFrom('ec2_instances')
          .selectAll()
          .where('instance_id', 'in', chunk)
          .execute()),
      );
    }
    return out;
  }

  liveAddresses() {
    return this.db
      .selectFrom('ec2_instances')
      .select(['vpc_id', 'private_ip', 'availability_zone', 'imds_address'])
      .where('live', '=', 1)
      .execute();
  }

  byAddress(address: string): Promise<InstanceRow | undefined> {
    return this.db
      .selectFrom('ec2_instances')
      .selectAll()
      .where('imds_address', '=', address)
      .where('live', '=', 1)
      .executeTakeFirst();
  }

  async insert(row: InstanceRow): Promise<void> {
    await this.db.insertInto('ec2_instances').values(row).execute();
  }

  async update(instanceId: string, patch: Partial<InstanceRow>, from?: readonly string[]): Promise<boolean> {
    let q = this.db.updateTable('ec2_instances').set(patch).where('instance_id', '=', instanceId);
    if (from) q = q.where('state', 'in', [...from]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
