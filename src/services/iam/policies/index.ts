// The managed-policy operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listEntitiesForPolicy,
  listPolicies,
} from './managed-policies.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from './policy-versions.js';

export const managedPolicyOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  CreatePolicy: createPolicy(deps) as AnyOperation,
  GetPolicy: getPolicy(deps) as AnyOperation,
  ListPolicies: listPolicies(deps) as AnyOperation,
  DeletePolicy: deletePolicy(deps) as AnyOperation,
  ListEntitiesForPolicy: listEntitiesForPolicy(deps) as AnyOperation,
  CreatePolicyVersion: createPolicyVersion(deps) as AnyOperation,
  GetPolicyVersion: getPolicyVersion(deps) as AnyOperation,
  ListPolicyVersions: listPolicyVersions(deps) as AnyOperation,
  SetDefaultPolicyVersion: setDefaultPolicyVersion(deps) as AnyOperation,
  DeletePolicyVersion: deletePolicyVersion(deps) as AnyOperation,
});
