// IAM users (reference iam-sts-policy.md §3.9): CreateUser, GetUser (omitted UserName: the caller),
// ListUsers, UpdateUser, DeleteUser (refused while it has keys, a login profile, policies or groups),
// Put/DeleteUserPermissionsBoundary.
import { uniqueId } from '../../../aws/ids.js';
import { UniqueViolation } from '../../../store/errors.js';
import type { UserRow } from '../../../store/repos/iam/index.js';
import { operation, type RequestContext } from '../../service.js';
import { onAccount, onEntity } from '../common/access.js';
import { iamArn } from '../common/arns.js';
import { checkBoundaryArn } from '../common/boundary.js';
import { deleteConflict, IamErrors, validationError } from '../common/errors.js';
import { requireUser } from '../common/lookups.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, page } from '../common/pagination.js';
import { renderUser } from '../common/render.js';
import { checkRequestTags, requestTagContext } from '../common/tags.js';
import type { IamDeps } from '../deps.js';
import type {
  CreateUserRequest,
  CreateUserResponse,
  DeleteUserPermissionsBoundaryRequest,
  DeleteUserRequest,
  GetUserRequest,
  GetUserResponse,
  ListUsersRequest,
  ListUsersResponse,
  PutUserPermissionsBoundaryRequest,
  UpdateUserRequest,
} from '../shapes.js';

/** The user an operation with an optional UserName acts on: the named one, else the caller. */
export function targetUserName(ctx: RequestContext, userName: string | undefined): string | undefined {
  if (userName !== undefined) return userName;
  if (ctx.caller.type === 'User') return ctx.caller.userName;
  if (ctx.caller.type === 'Root') return undefined;
  // Recorded from AWS for DeleteAccessKey (reference §3.9).
  throw validationError('Must specify userName when calling with non-User credentials');
}

export const createUser = (deps: IamDeps) =>
  operation<CreateUserRequest, CreateUserResponse>({
    action: 'iam:CreateUser',
    access: (input, ctx) => {
      const arn = iamArn(ctx.caller.accountId, 'user', input.Path ?? '/', input.UserName);
      const context = {
        ...requestTagContext(input.Tags),
        ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}),
      };
      const requests = [{ action: 'iam:CreateUser', resources: [arn], context }];
      if (input.Tags && input.Tags.length > 0)
        requests.push({ action: 'iam:TagUser', resources: [arn], context });
      return requests;
    },
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const path = input.Path ?? '/';
      checkRequestTags(input.Tags, true);
      if (input.PermissionsBoundary !== undefined)
        await checkBoundaryArn(deps, account, input.PermissionsBoundary);
      const row: UserRow = {
        account_id: account,
        name: input.UserName,
        name_lower: input.UserName.toLowerCase(),
        user_id: uniqueId('AIDA'),
        path,
        arn: iamArn(account, 'user', path, input.UserName),
        created_at: ctx.now,
        boundary_arn: input.PermissionsBoundary ?? null,
        tags: JSON.stringify(input.Tags ?? []),
      };
      try {
        await deps.store.transaction(async (tx) => {
          if ((await tx.users.count(account)) >= deps.quotas.UsersPerAccount)
            throw IamErrors.quota('UsersPerAccount', deps.quotas.UsersPerAccount);
          await tx.users.insert(row);
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw IamErrors.userExists(input.UserName);
        throw e;
      }
      return { User: renderUser(row, true) };
    },
  });

export const getUser = (deps: IamDeps) =>
  operation<GetUserRequest, GetUserResponse>({
    action: 'iam:GetUser',
    access: (input, ctx) => {
      const name = targetUserName(ctx, input.UserName);
      return name === undefined
        ? [{ action: 'iam:GetUser', resources: [ctx.caller.arn] }]
        : onEntity(deps, ctx, 'iam:GetUser', 'user', name);
    },
    handler: async (input, ctx) => {
      const name = targetUserName(ctx, input.UserName);
      if (name === undefined) {
        // The root user, as GetUser answers it: its account id and root ARN.
        const account = await deps.store.read.accounts.get(ctx.caller.accountId);
        return {
          User: {
            UserId: ctx.caller.accountId,
            Arn: ctx.caller.arn,
            CreateDate: new Date(account?.created_at ?? ctx.now),
          } as never,
        };
      }
      return { User: renderUser(await requireUser(deps.store.read, ctx.caller.accountId, name), true) };
    },
  });

export const listUsers = (deps: IamDeps) =>
  operation<ListUsersRequest, ListUsersResponse>({
    action: 'iam:ListUsers',
    access: () => onAccount('iam:ListUsers'),
    handler: async (input, ctx) => {
      const after = decodeMarker(input.Marker);
      const result = await deps.store.read.users.list(ctx.caller.accountId, {
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: input.MaxItems ?? DEFAULT_MAX_ITEMS,
      });
      const users = result.items.map((u) => renderUser(u, false));
      const { IsTruncated, Marker } = page(users, result.next);
      return { Users: users, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
    },
  });

export const updateUser = (deps: IamDeps) =>
  operation<UpdateUserRequest, void>({
    action: 'iam:UpdateUser',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:UpdateUser', 'user', input.UserName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      try {
        await deps.store.transaction(async (tx) => {
          const row = await requireUser(tx, account, input.UserName);
          const name = input.NewUserName ?? row.name;
          const path = input.NewPath ?? row.path;
          if (name !== row.name) {
            // What hangs off the user's name moves with it.
            const owner = { accountId: account, kind: 'user' as const, name: row.name };
            await tx.inlinePolicies.renameOwner(owner, name);
            await tx.attachments.renameOwner(owner, name);
            await tx.groupMembers.renameUser(account, row.name, name);
            await tx.accessKeys.renameUser(account, row.name, name);
            await tx.loginProfiles.renameUser(account, row.name, name);
          }
          await tx.users.update(account, row.name, {
            name,
            name_lower: name.toLowerCase(),
            path,
            arn: iamArn(account, 'user', path, name),
          });
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw IamErrors.userExists(input.NewUserName ?? input.UserName);
        throw e;
      }
      deps.changed();
    },
  });

export const deleteUser = (deps: IamDeps) =>
  operation<DeleteUserRequest, void>({
    action: 'iam:DeleteUser',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:DeleteUser', 'user', input.UserName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      await deps.store.transaction(async (tx) => {
        const row = await requireUser(tx, account, input.UserName);
        const owner = { accountId: account, kind: 'user' as const, name: row.name };
        if ((await tx.accessKeys.listFor(account, row.name)).length > 0)
          throw deleteConflict('Cannot delete entity, must delete access keys first.');
        if (await tx.loginProfiles.get(account, row.name))
          throw deleteConflict('Cannot delete entity, must delete login profile first.');
        if ((await tx.attachments.list(owner)).length > 0)
          throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await tx.inlinePolicies.list(owner)).length > 0)
          throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await tx.groupMembers.groupsOf(account, row.name)).length > 0)
          throw deleteConflict('Cannot delete entity, must remove users from group first.');
        await tx.users.delete(account, row.name);
      });
      deps.changed();
    },
  });

export const putUserPermissionsBoundary = (deps: IamDeps) =>
  operation<PutUserPermissionsBoundaryRequest, void>({
    action: 'iam:PutUserPermissionsBoundary',
    access: (input, ctx) =>
      onEntity(deps, ctx, 'iam:PutUserPermissionsBoundary', 'user', input.UserName, {
        'iam:PermissionsBoundary': input.PermissionsBoundary,
      }),
    handler: async (input, ctx) => {
      await requireUser(deps.store.read, ctx.caller.accountId, input.UserName);
      await checkBoundaryArn(deps, ctx.caller.accountId, input.PermissionsBoundary);
      await deps.store.transaction(async (tx) => {
        await requireUser(tx, ctx.caller.accountId, input.UserName);
        await tx.users.update(ctx.caller.accountId, input.UserName, {
          boundary_arn: input.PermissionsBoundary,
        });
      });
      deps.changed();
    },
  });

export const deleteUserPermissionsBoundary = (deps: IamDeps) =>
  operation<DeleteUserPermissionsBoundaryRequest, void>({
    action: 'iam:DeleteUserPermissionsBoundary',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:DeleteUserPermissionsBoundary', 'user', input.UserName),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        await requireUser(tx, ctx.caller.accountId, input.UserName);
        await tx.users.update(ctx.caller.accountId, input.UserName, { boundary_arn: null });
      });
      deps.changed();
    },
  });
