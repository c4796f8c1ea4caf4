// The role operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
import { createRole } from './create-role.js';
import { deleteRole } from './delete-role.js';
import { getRole } from './get-role.js';
import { listRoles } from './list-roles.js';
import { deleteRolePermissionsBoundary, putRolePermissionsBoundary } from './role-boundary.js';
import { updateAssumeRolePolicy } from './update-assume-role-policy.js';
import { updateRole, updateRoleDescription } from './update-role.js';

export const roleOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  CreateRole: createRole(deps) as AnyOperation,
  GetRole: getRole(deps) as AnyOperation,
  ListRoles: listRoles(deps) as AnyOperation,
  UpdateRole: updateRole(deps) as AnyOperation,
  UpdateRoleDescription: updateRoleDescription(deps) as AnyOperation,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy(deps) as AnyOperation,
  DeleteRole: deleteRole(deps) as AnyOperation,
  PutRolePermissionsBoundary: putRolePermissionsBoundary(deps) as AnyOperation,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary(deps) as AnyOperation,
});
