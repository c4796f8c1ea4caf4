// IAM groups (reference iam-sts-policy.md §3.9): members' effective permissions include the group's
// policies; a user is in at most 10 groups; a group with members or policies cannot be deleted.
import { uniqueId } from '../../../aws/ids.js';
import { UniqueViolation } from '../../../store/errors.js';
import type { GroupRow } from '../../../store/repos/iam/index.js';
import { operation } from '../../service.js';
import { onAccount, onEntity } from '../common/access.js';
import { iamArn } from '../common/arns.js';
import { deleteConflict, IamErrors, noSuchEntity } from '../common/errors.js';
import { requireGroup, requireUser } from '../common/lookups.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, page, pageInMemory } from '../common/pagination.js';
import { renderGroup, renderUser } from '../common/render.js';
import type { IamDeps } from '../deps.js';
import type {
  AddUserToGroupRequest,
  CreateGroupRequest,
  CreateGroupResponse,
  DeleteGroupRequest,
  GetGroupRequest,
  GetGroupResponse,
  ListGroupsForUserRequest,
  ListGroupsForUserResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  RemoveUserFromGroupRequest,
} from '../shapes.js';

export const createGroup = (deps: IamDeps) =>
  operation<CreateGroupRequest, CreateGroupResponse>({
    action: 'iam:CreateGroup',
    access: (input, ctx) => [
      {
        action: 'iam:CreateGroup',
        resources: [iamArn(ctx.caller.accountId, 'group', input.Path ?? '/', input.GroupName)],
      },
    ],
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const path = input.Path ?? '/';
      const row: GroupRow = {
        account_id: account,
        name: input.GroupName,
        name_lower: input.GroupName.toLowerCase(),
        group_id: uniqueId('AGPA'),
        path,
        arn: iamArn(account, 'group', path, input.GroupName),
        created_at: ctx.now,
      };
      try {
        await deps.store.transaction(async (tx) => {
          if ((await tx.groups.count(account)) >= deps.quotas.GroupsPerAccount)
            throw IamErrors.quota('GroupsPerAccount', deps.quotas.GroupsPerAccount);
          await tx.groups.insert(row);
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw IamErrors.groupExists(input.GroupName);
        throw e;
      }
      return { Group: renderGroup(row) };
    },
  });

export const getGroup = (deps: IamDeps) =>
  operation<GetGroupRequest, GetGroupResponse>({
    action: 'iam:GetGroup',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:GetGroup', 'group', input.GroupName),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const group = await requireGroup(r, ctx.caller.accountId, input.GroupName);
      const users = [];
      for (const u of await r.groupMembers.usersOf(ctx.caller.accountId, group.name)) {
        const row = await r.users.get(ctx.caller.accountId, u);
        if (row) users.push(renderUser(row, false));
      }
      const p = pageInMemory(users, input.Marker, input.MaxItems);
      return {
        Group: renderGroup(group),
        Users: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });

export const listGroups = (deps: IamDeps) =>
  operation<ListGroupsRequest, ListGroupsResponse>({
    action: 'iam:ListGroups',
    access: () => onAccount('iam:ListGroups'),
    handler: async (input, ctx) => {
      const after = decodeMarker(input.Marker);
      const result = await deps.store.read.groups.list(ctx.caller.accountId, {
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: input.MaxItems ?? DEFAULT_MAX_ITEMS,
      });
      const groups = result.items.map(renderGroup);
      const { IsTruncated, Marker } = page(groups, result.next);
      return { Groups: groups, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
    },
  });

export const deleteGroup = (deps: IamDeps) =>
  operation<DeleteGroupRequest, void>({
    action: 'iam:DeleteGroup',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:DeleteGroup', 'group', input.GroupName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const row = await requireGroup(tx, account, input.GroupName);
        const owner = { accountId: account, kind: 'group' as const, name: row.name };
        if ((await tx.groupMembers.usersOf(account, row.name)).length > 0)
          throw deleteConflict('Cannot delete entity, must remove users from group first.');
        if ((await tx.attachments.list(owner)).length > 0)
          throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await tx.inlinePolicies.list(owner)).length > 0)
          throw deleteConflict('Cannot delete entity, must delete policies first.');
        await tx.groups.delete(account, row.name);
      });
      deps.changed();
    },
  });

export const addUserToGroup = (deps: IamDeps) =>
  operation<AddUserToGroupRequest, void>({
    action: 'iam:AddUserToGroup',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:AddUserToGroup', 'group', input.GroupName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const group = await requireGroup(tx, account, input.GroupName);
        const user = await requireUser(tx, account, input.UserName);
        const groups = await tx.groupMembers.groupsOf(account, user.name);
        if (groups.includes(group.name_lower)) return;
        if (groups.length >= deps.quotas.GroupsPerUser)
          throw IamErrors.quota('GroupsPerUser', deps.quotas.GroupsPerUser);
        await tx.groupMembers.add(account, group.name, user.name, ctx.now);
      });
      deps.changed();
    },
  });

export const removeUserFromGroup = (deps: IamDeps) =>
  operation<RemoveUserFromGroupRequest, void>({
    action: 'iam:RemoveUserFromGroup',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:RemoveUserFromGroup', 'group', input.GroupName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const group = await requireGroup(tx, account, input.GroupName);
        const user = await requireUser(tx, account, input.UserName);
        if (!(await tx.groupMembers.remove(account, group.name, user.name))) {
          throw noSuchEntity(
            `The user with name ${input.UserName} cannot be found in group ${input.GroupName}.`,
          );
        }
      });
      deps.changed();
    },
  });

export const listGroupsForUser = (deps: IamDeps) =>
  operation<ListGroupsForUserRequest, ListGroupsForUserResponse>({
    action: 'iam:ListGroupsForUser',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:ListGroupsForUser', 'user', input.UserName),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const user = await requireUser(r, ctx.caller.accountId, input.UserName);
      const groups = [];
      for (const g of await r.groupMembers.groupsOf(ctx.caller.accountId, user.name)) {
        const row = await r.groups.get(ctx.caller.accountId, g);
        if (row) groups.push(renderGroup(row));
      }
      const p = pageInMemory(groups, input.Marker, input.MaxItems);
      return {
        Groups: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });
