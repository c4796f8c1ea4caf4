// IAM instance-profile associations. At most one is active per instance: inserting a second active one
// fails with UniqueViolation (the partial unique index of migration 0005), and ending one is a
// conditional update that only one of two concurrent requests can win.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { Ec2AssociationsTable } from '../../schema/ec2.js';

export type AssociationRow = Ec2AssociationsTable;

export interface AssociationsRead {
  get(associationId: string): Promise<AssociationRow | undefined>;
  activeFor(instanceId: string): Promise<AssociationRow | undefined>;
  /** The active associations of these instances (missing ones have none). */
  activeForMany(instanceIds: readonly string[]): Promise<AssociationRow[]>;
  /** An account's active associations, oldest first. */
  listActive(accountId: string): Promise<AssociationRow[]>;
  /** Every active association, across accounts (the metadata service loads these). */
  listAllActive(): Promise<AssociationRow[]>;
}

export interface AssociationsRepo extends AssociationsRead {
  /** Throws UniqueViolation when the instance already has an active association. */
  insert(row: AssociationRow): Promise<void>;
  /** Ends the association if it is still active; false when it was not (already ended, or unknown). */
  end(associationId: string, at: number): Promise<boolean>;
  /** Ends the instance's active association, if any (termination). */
  endForInstance(instanceId: string, at: number): Promise<void>;
}

export class SqlAssociations implements AssociationsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(associationId: string): Promise<AssociationRow | undefined> {
    return this.db
      .selectFrom('ec2_associations')
      .selectAll()
      .where('association_id', '=', associationId)
      .executeTakeFirst();
  }

  activeFor(instanceId: string): Promise<AssociationRow | undefined> {
    return this.db
      .selectFrom('ec2_associations')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('active', '=', 1)
      .executeTakeFirst();
  }

  async activeForMany(instanceIds: readonly string[]): Promise<AssociationRow[]> {
    const out: AssociationRow[] = [];
    for (let i = 0; i < instanceIds.length; i += 500) {
      const chunk = instanceIds.slice(i, i + 500);
      out.push(
        ...(await this.db
          .selectFrom('ec2_associations')
          .selectAll()
          .where('instance_id', 'in', chunk)
          .where('active', '=', 1)
          .execute()),
      );
    }
    return out;
  }

  listActive(accountId: string): Promise<AssociationRow[]> {
    return this.db
      .selectFrom('ec2_associations')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('active', '=', 1)
      .orderBy('associated_at')
      .orderBy('association_id')
      .execute();
  }

  listAllActive(): Promise<AssociationRow[]> {
    return this.db.selectFrom('ec2_associations').selectAll().where('active', '=', 1).execute();
  }

  async insert(row: AssociationRow): Promise<void> {
    await this.db.insertInto('ec2_associations').values(row).execute();
  }

  async end(associationId: string, at: number): Promise<boolean> {
    const r = await this.db
      .updateTable('ec2_associations')
      .set({ active: 0, state: 'disassociated', ended_at: at })
      .where('association_id', '=', associationId)
      .where('active', '=', 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async endForInstance(instanceId: string, at: number): Promise<void> {
    await this.db
      .updateTable('ec2_associations')
      .set({ active: 0, state: 'disassociated', ended_at: at })
      .where('instance_id', '=', instanceId)
      .where('active', '=', 1)
      .execute();
  }
}
