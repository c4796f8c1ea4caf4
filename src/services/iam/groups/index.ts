// The group operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
} from './groups.js';

export const groupOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  CreateGroup: createGroup(deps) as AnyOperation,
  GetGroup: getGroup(deps) as AnyOperation,
  ListGroups: listGroups(deps) as AnyOperation,
  DeleteGroup: deleteGroup(deps) as AnyOperation,
  AddUserToGroup: addUserToGroup(deps) as AnyOperation,
  RemoveUserFromGroup: removeUserFromGroup(deps) as AnyOperation,
  ListGroupsForUser: listGroupsForUser(deps) as AnyOperation,
});
