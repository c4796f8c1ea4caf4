// The group operations, by name.
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
} from './groups.js';

export const groupOperations = {
  CreateGroup: createGroup,
  GetGroup: getGroup,
  ListGroups: listGroups,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
} as const;
