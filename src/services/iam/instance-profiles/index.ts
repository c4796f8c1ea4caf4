// The instance-profile operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
import {
  addRoleToInstanceProfile,
  createInstanceProfile,
  deleteInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  removeRoleFromInstanceProfile,
} from './instance-profiles.js';

export const instanceProfileOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  CreateInstanceProfile: createInstanceProfile(deps) as AnyOperation,
  GetInstanceProfile: getInstanceProfile(deps) as AnyOperation,
  ListInstanceProfiles: listInstanceProfiles(deps) as AnyOperation,
  ListInstanceProfilesForRole: listInstanceProfilesForRole(deps) as AnyOperation,
  DeleteInstanceProfile: deleteInstanceProfile(deps) as AnyOperation,
  AddRoleToInstanceProfile: addRoleToInstanceProfile(deps) as AnyOperation,
  RemoveRoleFromInstanceProfile: removeRoleFromInstanceProfile(deps) as AnyOperation,
});
