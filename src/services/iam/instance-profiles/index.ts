// The instance-profile operations, by name.
import {
  addRoleToInstanceProfile,
  createInstanceProfile,
  deleteInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  removeRoleFromInstanceProfile,
} from './instance-profiles.js';

export const instanceProfileOperations = {
  CreateInstanceProfile: createInstanceProfile,
  GetInstanceProfile: getInstanceProfile,
  ListInstanceProfiles: listInstanceProfiles,
  ListInstanceProfilesForRole: listInstanceProfilesForRole,
  DeleteInstanceProfile: deleteInstanceProfile,
  AddRoleToInstanceProfile: addRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile: removeRoleFromInstanceProfile,
} as const;
