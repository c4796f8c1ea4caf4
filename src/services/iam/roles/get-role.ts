// iam:GetRole — every member, with MaxSessionDuration and RoleLastUsed ({} when never used).
import { operation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { requireRole } from '../common/lookups.js';
import { renderRole } from '../common/render.js';
import { effectiveTrustPolicy } from '../common/trust.js';
import type { IamDeps } from '../deps.js';
import type { GetRoleRequest, GetRoleResponse } from '../shapes.js';

export const getRole = (deps: IamDeps) =>
  operation<GetRoleRequest, GetRoleResponse>({
    action: 'iam:GetRole',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:GetRole', 'role', input.RoleName),
    handler: async (input, ctx) => {
      const row = await requireRole(deps.store.read, ctx.caller.accountId, input.RoleName);
      return { Role: renderRole(row, 'get', await effectiveTrustPolicy(deps.store.read, row)) };
    },
  });
