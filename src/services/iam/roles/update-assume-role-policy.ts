// iam:UpdateAssumeRolePolicy — replaces the trust policy (validated, principals checked, 2,048 quota).
import { operation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { checkTrustPolicy } from '../common/documents.js';
import { requireRole } from '../common/lookups.js';
import { uniqueIdOf } from '../common/trust.js';
import type { IamDeps } from '../deps.js';
import type { UpdateAssumeRolePolicyRequest } from '../shapes.js';

export const updateAssumeRolePolicy = (deps: IamDeps) =>
  operation<UpdateAssumeRolePolicyRequest, void>({
    action: 'iam:UpdateAssumeRolePolicy',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:UpdateAssumeRolePolicy', 'role', input.RoleName),
    handler: async (input, ctx) => {
      await requireRole(deps.store.read, ctx.caller.accountId, input.RoleName);
      const { principals } = await checkTrustPolicy(input.PolicyDocument, (arn) =>
        uniqueIdOf(deps.store.read, arn),
      );
      await deps.store.transaction(async (tx) => {
        await requireRole(tx, ctx.caller.accountId, input.RoleName);
        await tx.roles.update(ctx.caller.accountId, input.RoleName, {
          trust_policy: input.PolicyDocument,
          trust_principals: JSON.stringify(principals),
        });
      });
      deps.changed();
    },
  });
