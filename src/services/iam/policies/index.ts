// The managed-policy operations, by name.
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

export const managedPolicyOperations = {
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  ListPolicies: listPolicies,
  DeletePolicy: deletePolicy,
  ListEntitiesForPolicy: listEntitiesForPolicy,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  DeletePolicyVersion: deletePolicyVersion,
} as const;
