// What IAM's operations need from the server: the store, the AWS managed policy catalogue, the
// master-key sealer for access-key secrets, quotas, and a way to tell caches that IAM changed.
import type { Sealer } from '../../aws/crypto/sealer.js';
import type { Store } from '../../store/store.js';
import type { ManagedPolicyCatalogue } from './common/catalogue.js';

/** IAM quotas (reference iam-sts-policy.md §3.11). Defaults are AWS's defaults; raise them with --quota. */
export interface IamQuotas {
  RolesPerAccount: number;
  UsersPerAccount: number;
  GroupsPerAccount: number;
  InstanceProfilesPerAccount: number;
  PoliciesPerAccount: number;
  PoliciesPerRole: number;
  PoliciesPerUser: number;
  PoliciesPerGroup: number;
  GroupsPerUser: number;
  AccessKeysPerUser: number;
}

export const DEFAULT_QUOTAS: IamQuotas = {
  RolesPerAccount: 1000,
  UsersPerAccount: 5000,
  GroupsPerAccount: 300,
  InstanceProfilesPerAccount: 1000,
  PoliciesPerAccount: 1500,
  PoliciesPerRole: 10,
  PoliciesPerUser: 10,
  PoliciesPerGroup: 10,
  GroupsPerUser: 10,
  AccessKeysPerUser: 2,
};

export interface IamChange {
  /** An access key changed status or was deleted: the verifier's cache must forget it. */
  readonly accessKeyId?: string;
}

export interface IamDeps {
  readonly store: Store;
  readonly catalogue: ManagedPolicyCatalogue;
  /** Seals long-term secrets at rest (the master key). */
  readonly secrets: Sealer;
  readonly quotas: IamQuotas;
  /** Called after every committed change to IAM: caches of policies and keys drop what they hold. */
  changed(change?: IamChange): void;
}
