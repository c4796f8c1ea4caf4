// iam:CreateRole (reference iam-sts-policy.md §3.2): trust policy validated with its principals
// checked, optional boundary (must be an existing managed policy), tags (case-insensitive keys; the
// caller also needs iam:TagRole), the RolesPerAccount quota.
import { uniqueId } from '../../../aws/ids.js';
import { UniqueViolation } from '../../../store/errors.js';
import { operation } from '../../service.js';
import { iamArn } from '../common/arns.js';
import { checkTrustPolicy } from '../common/documents.js';
import { IamErrors } from '../common/errors.js';
import { checkBoundaryArn } from '../common/boundary.js';
import { renderRole } from '../common/render.js';
import { checkRequestTags, requestTagContext } from '../common/tags.js';
import { uniqueIdOf } from '../common/trust.js';
import type { IamDeps } from '../deps.js';
import type { CreateRoleRequest, CreateRoleResponse } from '../shapes.js';

export const createRole = (deps: IamDeps) =>
  operation<CreateRoleRequest, CreateRoleResponse>({
    action: 'iam:CreateRole',
    access: (input, ctx) => {
      const arn = iamArn(ctx.caller.accountId, 'role', input.Path ?? '/', input.RoleName);
      const context = {
        ...requestTagContext(input.Tags),
        ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}),
      };
      const requests = [{ action: 'iam:CreateRole', resources: [arn], context }];
      if (input.Tags && input.Tags.length > 0)
        requests.push({ action: 'iam:TagRole', resources: [arn], context });
      return requests;
    },
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const path = input.Path ?? '/';
      checkRequestTags(input.Tags, true);
      const { principals } = await checkTrustPolicy(input.AssumeRolePolicyDocument, (arn) =>
        uniqueIdOf(deps.store.read, arn),
      );
      if (input.PermissionsBoundary !== undefined)
        await checkBoundaryArn(deps, account, input.PermissionsBoundary);
      const row = {
        account_id: account,
        name: input.RoleName,
        name_lower: input.RoleName.toLowerCase(),
        role_id: uniqueId('AROA'),
        path,
        arn: iamArn(account, 'role', path, input.RoleName),
        created_at: ctx.now,
        trust_policy: input.AssumeRolePolicyDocument,
        trust_principals: JSON.stringify(principals),
        description: input.Description ?? null,
        max_session_duration: input.MaxSessionDuration ?? 3600,
        boundary_arn: input.PermissionsBoundary ?? null,
        tags: JSON.stringify(input.Tags ?? []),
        last_used_at: null,
        last_used_region: null,
      };
      try {
        await deps.store.transaction(async (tx) => {
          if ((await tx.roles.count(account)) >= deps.quotas.RolesPerAccount)
            throw IamErrors.quota('RolesPerAccount', deps.quotas.RolesPerAccount);
          await tx.roles.insert(row);
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw IamErrors.roleExists(input.RoleName);
        throw e;
      }
      deps.changed();
      return { Role: renderRole(row, 'create', row.trust_policy) };
    },
  });
