// Instance profiles (reference iam-sts-policy.md §3.8): one role per profile, ever
// (InstanceSessionsPerInstanceProfile: 1); adding a role needs iam:PassRole on it; a profile with a
// role cannot be deleted.
import { uniqueId } from '../../../aws/ids.js';
import type { ReadRepositories } from '../../../store/store.js';
import type { InstanceProfileRow } from '../../../store/repos/iam/index.js';
import { UniqueViolation } from '../../../store/errors.js';
import { operation } from '../../service.js';
import { entityArn, onAccount, onEntity } from '../common/access.js';
import { iamArn } from '../common/arns.js';
import { deleteConflict, IamErrors, noSuchEntity } from '../common/errors.js';
import { requireInstanceProfile, requireRole } from '../common/lookups.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, page, pageInMemory } from '../common/pagination.js';
import { renderInstanceProfile, renderRole } from '../common/render.js';
import { checkRequestTags, requestTagContext } from '../common/tags.js';
import { effectiveTrustPolicy } from '../common/trust.js';
import type { IamDeps } from '../deps.js';
import type {
  AddRoleToInstanceProfileRequest,
  CreateInstanceProfileRequest,
  CreateInstanceProfileResponse,
  DeleteInstanceProfileRequest,
  GetInstanceProfileRequest,
  GetInstanceProfileResponse,
  InstanceProfile,
  ListInstanceProfilesForRoleRequest,
  ListInstanceProfilesForRoleResponse,
  ListInstanceProfilesRequest,
  ListInstanceProfilesResponse,
  RemoveRoleFromInstanceProfileRequest,
  Role,
} from '../shapes.js';

/** A profile with its (at most one) role embedded as AWS embeds it. */
export async function profileWithRoles(
  r: ReadRepositories,
  row: InstanceProfileRow,
  tags: 'always' | 'if-any' | 'never',
): Promise<InstanceProfile> {
  const roles: Role[] = [];
  if (row.role_lower !== null) {
    const role = await r.roles.get(row.account_id, row.role_lower);
    if (role) roles.push(renderRole(role, 'embedded', await effectiveTrustPolicy(r, role)));
  }
  return renderInstanceProfile(row, roles, tags);
}

export const createInstanceProfile = (deps: IamDeps) =>
  operation<CreateInstanceProfileRequest, CreateInstanceProfileResponse>({
    action: 'iam:CreateInstanceProfile',
    access: (input, ctx) => {
      const arn = iamArn(
        ctx.caller.accountId,
        'instance-profile',
        input.Path ?? '/',
        input.InstanceProfileName,
      );
      const requests = [
        { action: 'iam:CreateInstanceProfile', resources: [arn], context: requestTagContext(input.Tags) },
      ];
      if (input.Tags && input.Tags.length > 0)
        requests.push({
          action: 'iam:TagInstanceProfile',
          resources: [arn],
          context: requestTagContext(input.Tags),
        });
      return requests;
    },
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const path = input.Path ?? '/';
      checkRequestTags(input.Tags, false);
      const row: InstanceProfileRow = {
        account_id: account,
        name: input.InstanceProfileName,
        name_lower: input.InstanceProfileName.toLowerCase(),
        profile_id: uniqueId('AIPA'),
        path,
        arn: iamArn(account, 'instance-profile', path, input.InstanceProfileName),
        created_at: ctx.now,
        role_lower: null,
        tags: JSON.stringify(input.Tags ?? []),
      };
      try {
        await deps.store.transaction(async (tx) => {
          const max = deps.quotas.InstanceProfilesPerAccount;
          if ((await tx.instanceProfiles.count(account)) >= max)
            throw IamErrors.quota('InstanceProfilesPerAccount', max);
          await tx.instanceProfiles.insert(row);
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw IamErrors.instanceProfileExists(input.InstanceProfileName);
        throw e;
      }
      return { InstanceProfile: renderInstanceProfile(row, [], 'if-any') };
    },
  });

export const getInstanceProfile = (deps: IamDeps) =>
  operation<GetInstanceProfileRequest, GetInstanceProfileResponse>({
    action: 'iam:GetInstanceProfile',
    access: (input, ctx) =>
      onEntity(deps, ctx, 'iam:GetInstanceProfile', 'instance-profile', input.InstanceProfileName),
    handler: async (input, ctx) => {
      const row = await requireInstanceProfile(
        deps.store.read,
        ctx.caller.accountId,
        input.InstanceProfileName,
      );
      return { InstanceProfile: await profileWithRoles(deps.store.read, row, 'always') };
    },
  });

export const listInstanceProfiles = (deps: IamDeps) =>
  operation<ListInstanceProfilesRequest, ListInstanceProfilesResponse>({
    action: 'iam:ListInstanceProfiles',
    access: () => onAccount('iam:ListInstanceProfiles'),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const after = decodeMarker(input.Marker);
      const result = await r.instanceProfiles.list(ctx.caller.accountId, {
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: input.MaxItems ?? DEFAULT_MAX_ITEMS,
      });
      const profiles = [];
      for (const row of result.items) profiles.push(await profileWithRoles(r, row, 'never'));
      const { IsTruncated, Marker } = page(profiles, result.next);
      return { InstanceProfiles: profiles, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
    },
  });

export const listInstanceProfilesForRole = (deps: IamDeps) =>
  operation<ListInstanceProfilesForRoleRequest, ListInstanceProfilesForRoleResponse>({
    action: 'iam:ListInstanceProfilesForRole',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:ListInstanceProfilesForRole', 'role', input.RoleName),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const role = await requireRole(r, ctx.caller.accountId, input.RoleName);
      const rows = await r.instanceProfiles.forRole(ctx.caller.accountId, role.name);
      const profiles = [];
      for (const row of rows) profiles.push(await profileWithRoles(r, row, 'never'));
      const p = pageInMemory(profiles, input.Marker, input.MaxItems);
      return {
        InstanceProfiles: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });

export const deleteInstanceProfile = (deps: IamDeps) =>
  operation<DeleteInstanceProfileRequest, void>({
    action: 'iam:DeleteInstanceProfile',
    access: (input, ctx) =>
      onEntity(deps, ctx, 'iam:DeleteInstanceProfile', 'instance-profile', input.InstanceProfileName),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        const row = await requireInstanceProfile(tx, ctx.caller.accountId, input.InstanceProfileName);
        if (row.role_lower !== null)
          throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        await tx.instanceProfiles.delete(ctx.caller.accountId, row.name);
      });
      deps.changed();
    },
  });

export const addRoleToInstanceProfile = (deps: IamDeps) =>
  operation<AddRoleToInstanceProfileRequest, void>({
    action: 'iam:AddRoleToInstanceProfile',
    access: async (input, ctx) => [
      ...(await onEntity(
        deps,
        ctx,
        'iam:AddRoleToInstanceProfile',
        'instance-profile',
        input.InstanceProfileName,
      )),
      {
        action: 'iam:PassRole',
        resources: [await entityArn(deps, ctx, 'role', input.RoleName)],
        context: {
          'iam:PassedToService': 'ec2.amazonaws.com',
          'iam:AssociatedResourceArn': `arn:aws:ec2:*:${ctx.caller.accountId}:instance/*`,
        },
      },
    ],
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const profile = await requireInstanceProfile(tx, account, input.InstanceProfileName);
        const role = await requireRole(tx, account, input.RoleName);
        if (!(await tx.instanceProfiles.setRoleIfEmpty(account, profile.name, role.name))) {
          throw IamErrors.quota('InstanceSessionsPerInstanceProfile', 1);
        }
      });
      deps.changed();
    },
  });

export const removeRoleFromInstanceProfile = (deps: IamDeps) =>
  operation<RemoveRoleFromInstanceProfileRequest, void>({
    action: 'iam:RemoveRoleFromInstanceProfile',
    access: (input, ctx) =>
      onEntity(deps, ctx, 'iam:RemoveRoleFromInstanceProfile', 'instance-profile', input.InstanceProfileName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const profile = await requireInstanceProfile(tx, account, input.InstanceProfileName);
        const role = await requireRole(tx, account, input.RoleName);
        if (!(await tx.instanceProfiles.clearRole(account, profile.name, role.name))) {
          throw noSuchEntity(
            `Role ${input.RoleName} in Instance Profile ${input.InstanceProfileName} cannot be found.`,
          );
        }
      });
      deps.changed();
    },
  });
