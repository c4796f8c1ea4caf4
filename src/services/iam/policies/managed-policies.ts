// Customer managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy,
// ListEntitiesForPolicy (reference iam-sts-policy.md §3.4). AWS managed policies answer GetPolicy
// and ListPolicies from the catalogue, with this account's attachment counts.
import { uniqueId } from '../../../aws/ids.js';
import type { ReadRepositories } from '../../../store/store.js';
import { UniqueViolation } from '../../../store/errors.js';
import { operation } from '../../service.js';
import { onAccount } from '../common/access.js';
import { iamArn } from '../common/arns.js';
import { checkManagedPolicy } from '../common/documents.js';
import { deleteConflict, IamErrors } from '../common/errors.js';
import { findManagedPolicy } from '../common/lookups.js';
import { DEFAULT_MAX_ITEMS, pageInMemory } from '../common/pagination.js';
import { renderAwsManagedPolicy, renderPolicy, type PolicyCounts } from '../common/render.js';
import { checkRequestTags, requestTagContext } from '../common/tags.js';
import type { IamDeps } from '../deps.js';
import type {
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  Policy,
} from '../shapes.js';

export async function policyCounts(
  r: ReadRepositories,
  accountId: string,
  arn: string,
): Promise<PolicyCounts> {
  return {
    attachments: await r.attachments.countByPolicy(arn, accountId),
    boundaries: await r.boundaries.count(accountId, arn),
  };
}

export const createPolicy = (deps: IamDeps) =>
  operation<CreatePolicyRequest, CreatePolicyResponse>({
    action: 'iam:CreatePolicy',
    access: (input, ctx) => {
      const arn = iamArn(ctx.caller.accountId, 'policy', input.Path ?? '/', input.PolicyName);
      const requests = [
        { action: 'iam:CreatePolicy', resources: [arn], context: requestTagContext(input.Tags) },
      ];
      if (input.Tags && input.Tags.length > 0)
        requests.push({ action: 'iam:TagPolicy', resources: [arn], context: requestTagContext(input.Tags) });
      return requests;
    },
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const path = input.Path ?? '/';
      checkRequestTags(input.Tags, false);
      checkManagedPolicy(input.PolicyDocument);
      const arn = iamArn(account, 'policy', path, input.PolicyName);
      const row = {
        arn,
        account_id: account,
        name: input.PolicyName,
        name_lower: input.PolicyName.toLowerCase(),
        policy_id: uniqueId('ANPA'),
        path,
        description: input.Description ?? null,
        default_version: 'v1',
        next_version: 2,
        created_at: ctx.now,
        updated_at: ctx.now,
        tags: JSON.stringify(input.Tags ?? []),
      };
      try {
        await deps.store.transaction(async (tx) => {
          if ((await tx.policies.count(account)) >= deps.quotas.PoliciesPerAccount) {
            throw IamErrors.quota('PoliciesPerAccount', deps.quotas.PoliciesPerAccount);
          }
          await tx.policies.insert(row);
          await tx.policyVersions.insert({
            policy_arn: arn,
            version_id: 'v1',
            document: input.PolicyDocument,
            created_at: ctx.now,
          });
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw IamErrors.policyExists(input.PolicyName);
        throw e;
      }
      return { Policy: renderPolicy(row, { attachments: 0, boundaries: 0 }, 'create') };
    },
  });

export const getPolicy = (deps: IamDeps) =>
  operation<GetPolicyRequest, GetPolicyResponse>({
    action: 'iam:GetPolicy',
    access: (input) => [{ action: 'iam:GetPolicy', resources: [input.PolicyArn] }],
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const ref = await findManagedPolicy(r, deps.catalogue, ctx.caller.accountId, input.PolicyArn);
      if (!ref) throw IamErrors.noSuchPolicy(input.PolicyArn);
      const counts = await policyCounts(r, ctx.caller.accountId, input.PolicyArn);
      return {
        Policy:
          ref.kind === 'aws'
            ? renderAwsManagedPolicy(ref.policy, counts, 'get')
            : renderPolicy(ref.row, counts, 'get'),
      };
    },
  });

export const listPolicies = (deps: IamDeps) =>
  operation<ListPoliciesRequest, ListPoliciesResponse>({
    action: 'iam:ListPolicies',
    access: () => onAccount('iam:ListPolicies'),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const account = ctx.caller.accountId;
      const scope = input.Scope ?? 'All';
      const all: Policy[] = [];
      const attachedArns = new Set(await r.attachments.attachedInAccount(account));
      const keep = async (arn: string, path: string): Promise<PolicyCounts | undefined> => {
        if (input.PathPrefix !== undefined && !path.startsWith(input.PathPrefix)) return undefined;
        const counts = await policyCounts(r, account, arn);
        if (input.OnlyAttached && !attachedArns.has(arn)) return undefined;
        if (input.PolicyUsageFilter === 'PermissionsPolicy' && counts.attachments === 0) return undefined;
        if (input.PolicyUsageFilter === 'PermissionsBoundary' && counts.boundaries === 0) return undefined;
        return counts;
      };
      if (scope !== 'Local') {
        for (const p of deps.catalogue.all()) {
          const counts = await keep(p.arn, p.path);
          if (counts) all.push(renderAwsManagedPolicy(p, counts, 'list'));
        }
      }
      if (scope !== 'AWS') {
        let after: string | undefined;
        do {
          const batch = await r.policies.list(account, {
            limit: 1000,
            ...(after !== undefined ? { after } : {}),
          });
          for (const row of batch.items) {
            const counts = await keep(row.arn, row.path);
            if (counts) all.push(renderPolicy(row, counts, 'list'));
          }
          after = batch.next;
        } while (after !== undefined);
      }
      const p = pageInMemory(all, input.Marker, input.MaxItems ?? DEFAULT_MAX_ITEMS);
      return {
        Policies: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });

export const deletePolicy = (deps: IamDeps) =>
  operation<DeletePolicyRequest, void>({
    action: 'iam:DeletePolicy',
    access: (input) => [{ action: 'iam:DeletePolicy', resources: [input.PolicyArn] }],
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const ref = await findManagedPolicy(tx, deps.catalogue, account, input.PolicyArn);
        if (!ref || ref.kind !== 'customer') throw IamErrors.noSuchPolicy(input.PolicyArn);
        const counts = await policyCounts(tx, account, input.PolicyArn);
        if (counts.attachments + counts.boundaries > 0)
          throw deleteConflict('Cannot delete a policy attached to entities.');
        if ((await tx.policyVersions.list(input.PolicyArn)).length > 1) {
          throw deleteConflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
          );
        }
        await tx.policyVersions.delete(input.PolicyArn, ref.row.default_version);
        await tx.policies.delete(account, ref.row.name);
      });
      deps.changed();
    },
  });

export const listEntitiesForPolicy = (deps: IamDeps) =>
  operation<ListEntitiesForPolicyRequest, ListEntitiesForPolicyResponse>({
    action: 'iam:ListEntitiesForPolicy',
    access: (input) => [{ action: 'iam:ListEntitiesForPolicy', resources: [input.PolicyArn] }],
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const account = ctx.caller.accountId;
      if (!(await findManagedPolicy(r, deps.catalogue, account, input.PolicyArn)))
        throw IamErrors.noSuchPolicy(input.PolicyArn);
      const rows = await r.attachments.byPolicy(input.PolicyArn, account);
      const PolicyRoles = [];
      const PolicyUsers = [];
      const PolicyGroups = [];
      for (const a of rows) {
        if (input.EntityFilter !== undefined && input.EntityFilter.toLowerCase() !== a.owner_kind) continue;
        if (a.owner_kind === 'role') {
          const row = await r.roles.get(account, a.owner_lower);
          if (row && (input.PathPrefix === undefined || row.path.startsWith(input.PathPrefix)))
            PolicyRoles.push({ RoleName: row.name, RoleId: row.role_id });
        } else if (a.owner_kind === 'user') {
          const row = await r.users.get(account, a.owner_lower);
          if (row && (input.PathPrefix === undefined || row.path.startsWith(input.PathPrefix)))
            PolicyUsers.push({ UserName: row.name, UserId: row.user_id });
        } else {
          const row = await r.groups.get(account, a.owner_lower);
          if (row && (input.PathPrefix === undefined || row.path.startsWith(input.PathPrefix)))
            PolicyGroups.push({ GroupName: row.name, GroupId: row.group_id });
        }
      }
      return { PolicyGroups, PolicyUsers, PolicyRoles, IsTruncated: false };
    },
  });
