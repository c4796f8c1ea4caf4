// The role operations, by name.
import { createRole } from './create-role.js';
import { deleteRole } from './delete-role.js';
import { getRole } from './get-role.js';
import { listRoles } from './list-roles.js';
import { deleteRolePermissionsBoundary, putRolePermissionsBoundary } from './role-boundary.js';
import { updateAssumeRolePolicy } from './update-assume-role-policy.js';
import { updateRole, updateRoleDescription } from './update-role.js';

export const roleOperations = {
  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  UpdateRole: updateRole,
  UpdateRoleDescription: updateRoleDescription,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
} as const;
