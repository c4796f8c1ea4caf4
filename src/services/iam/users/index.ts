// The user and login-profile operations, by name.
import {
  createLoginProfile,
  deleteLoginProfile,
  getLoginProfile,
  updateLoginProfile,
} from './login-profiles.js';
import {
  createUser,
  deleteUser,
  deleteUserPermissionsBoundary,
  getUser,
  listUsers,
  putUserPermissionsBoundary,
  updateUser,
} from './users.js';

export const userOperations = {
  CreateUser: createUser,
  GetUser: getUser,
  ListUsers: listUsers,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
  PutUserPermissionsBoundary: putUserPermissionsBoundary,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,
  CreateLoginProfile: createLoginProfile,
  GetLoginProfile: getLoginProfile,
  UpdateLoginProfile: updateLoginProfile,
  DeleteLoginProfile: deleteLoginProfile,
} as const;
