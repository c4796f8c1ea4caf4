// iam:UpdateRole and iam:UpdateRoleDescription: only the members supplied change (reference §3.2 —
// calling UpdateRole with nothing changes nothing).
import { operation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { requireRole } from '../common/lookups.js';
import { renderRole } from '../common/render.js';
import { effectiveTrustPolicy } from '../common/trust.js';
import type { IamDeps } from '../deps.js';
import type {
  UpdateRoleDescriptionRequest,
  UpdateRoleDescriptionResponse,
  UpdateRoleRequest,
  UpdateRoleResponse,
} from '../shapes.js';

export const updateRole = (deps: IamDeps) =>
  operation<UpdateRoleRequest, UpdateRoleResponse>({
    action: 'iam:UpdateRole',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:UpdateRole', 'role', input.RoleName),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        await requireRole(tx, ctx.caller.accountId, input.RoleName);
        const patch: { description?: string; max_session_duration?: number } = {};
        if (input.Description !== undefined) patch.description = input.Description;
        if (input.MaxSessionDuration !== undefined) patch.max_session_duration = input.MaxSessionDuration;
        if (Object.keys(patch).length > 0) await tx.roles.update(ctx.caller.accountId, input.RoleName, patch);
      });
      deps.changed();
      return {};
    },
  });

export const updateRoleDescription = (deps: IamDeps) =>
  operation<UpdateRoleDescriptionRequest, UpdateRoleDescriptionResponse>({
    action: 'iam:UpdateRoleDescription',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:UpdateRoleDescription', 'role', input.RoleName),
    handler: async (input, ctx) => {
      const row = await deps.store.transaction(async (tx) => {
        await requireRole(tx, ctx.caller.accountId, input.RoleName);
        await tx.roles.update(ctx.caller.accountId, input.RoleName, { description: input.Description });
        return requireRole(tx, ctx.caller.accountId, input.RoleName);
      });
      deps.changed();
      return { Role: renderRole(row, 'description', await effectiveTrustPolicy(deps.store.read, row)) };
    },
  });
