// EC2's repositories. Reads go in Ec2Read; writes only in Ec2Repos, which the store hands out inside
// a transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import { SqlAssociations, type AssociationsRead, type AssociationsRepo } from './associations.js';
import { SqlInstances, type InstancesRead, type InstancesRepo } from './instances.js';

export type { AssociationRow } from './associations.js';
export type { InstanceRow } from './instances.js';

export interface Ec2Read {
  readonly ec2Instances: InstancesRead;
  readonly ec2Associations: AssociationsRead;
}

export interface Ec2Repos extends Ec2Read {
  readonly ec2Instances: InstancesRepo;
  readonly ec2Associations: AssociationsRepo;
}

export const ec2Repos = (db: Kysely<Database>): Ec2Repos => ({
  ec2Instances: new SqlInstances(db),
  ec2Associations: new SqlAssociations(db),
});
