// iam:DeleteRole — refused while the role is in an instance profile, has managed policies attached or
// inline policies (checked in that order, reference §3.2). A permissions boundary does not block it.
import { operation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { deleteConflict } from '../common/errors.js';
import { requireRole } from '../common/lookups.js';
import type { IamDeps } from '../deps.js';
import type { DeleteRoleRequest } from '../shapes.js';

export const deleteRole = (deps: IamDeps) =>
  operation<DeleteRoleRequest, void>({
    action: 'iam:DeleteRole',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:DeleteRole', 'role', input.RoleName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const row = await requireRole(tx, account, input.RoleName);
        const owner = { accountId: account, kind: 'role' as const, name: row.name };
        if ((await tx.instanceProfiles.forRole(account, row.name)).length > 0) {
          throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        }
        if ((await tx.attachments.list(owner)).length > 0)
          throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await tx.inlinePolicies.list(owner)).length > 0)
          throw deleteConflict('Cannot delete entity, must delete policies first.');
        await tx.roles.delete(account, row.name);
      });
      deps.changed();
    },
  });
