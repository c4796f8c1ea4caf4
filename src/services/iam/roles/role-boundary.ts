// iam:PutRolePermissionsBoundary / iam:DeleteRolePermissionsBoundary (reference §3.6).
import { operation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { checkBoundaryArn } from '../common/boundary.js';
import { requireRole } from '../common/lookups.js';
import type { IamDeps } from '../deps.js';
import type { DeleteRolePermissionsBoundaryRequest, PutRolePermissionsBoundaryRequest } from '../shapes.js';

export const putRolePermissionsBoundary = (deps: IamDeps) =>
  operation<PutRolePermissionsBoundaryRequest, void>({
    action: 'iam:PutRolePermissionsBoundary',
    access: (input, ctx) =>
      onEntity(deps, ctx, 'iam:PutRolePermissionsBoundary', 'role', input.RoleName, {
        'iam:PermissionsBoundary': input.PermissionsBoundary,
      }),
    handler: async (input, ctx) => {
      await requireRole(deps.store.read, ctx.caller.accountId, input.RoleName);
      await checkBoundaryArn(deps, ctx.caller.accountId, input.PermissionsBoundary);
      await deps.store.transaction(async (tx) => {
        await requireRole(tx, ctx.caller.accountId, input.RoleName);
        await tx.roles.update(ctx.caller.accountId, input.RoleName, {
          boundary_arn: input.PermissionsBoundary,
        });
      });
      deps.changed();
    },
  });

export const deleteRolePermissionsBoundary = (deps: IamDeps) =>
  operation<DeleteRolePermissionsBoundaryRequest, void>({
    action: 'iam:DeleteRolePermissionsBoundary',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:DeleteRolePermissionsBoundary', 'role', input.RoleName),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        await requireRole(tx, ctx.caller.accountId, input.RoleName);
        await tx.roles.update(ctx.caller.accountId, input.RoleName, { boundary_arn: null });
      });
      deps.changed();
    },
  });
