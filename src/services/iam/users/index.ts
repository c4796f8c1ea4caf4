// The user and login-profile operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
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

export const userOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  CreateUser: createUser(deps) as AnyOperation,
  GetUser: getUser(deps) as AnyOperation,
  ListUsers: listUsers(deps) as AnyOperation,
  UpdateUser: updateUser(deps) as AnyOperation,
  DeleteUser: deleteUser(deps) as AnyOperation,
  PutUserPermissionsBoundary: putUserPermissionsBoundary(deps) as AnyOperation,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary(deps) as AnyOperation,
  CreateLoginProfile: createLoginProfile(deps) as AnyOperation,
  GetLoginProfile: getLoginProfile(deps) as AnyOperation,
  UpdateLoginProfile: updateLoginProfile(deps) as AnyOperation,
  DeleteLoginProfile: deleteLoginProfile(deps) as AnyOperation,
});
