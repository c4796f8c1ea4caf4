// Access keys (reference iam-sts-policy.md §2.2, §3.9): AKIA + 16 base32 characters carrying the
// account, a 40-character secret returned once and sealed at rest, at most 2 per user (and per
// root); an Inactive key fails authentication at once (the verifier's cache is told).
import { accessKeyId, secretAccessKey } from '../../../aws/ids.js';
import { operation, type RequestContext } from '../../service.js';
import { onEntity } from '../common/access.js';
import { IamErrors } from '../common/errors.js';
import { requireUser } from '../common/lookups.js';
import { pageInMemory } from '../common/pagination.js';
import { targetUserName } from '../users/users.js';
import type { IamDeps } from '../deps.js';
import type {
  CreateAccessKeyRequest,
  CreateAccessKeyResponse,
  DeleteAccessKeyRequest,
  GetAccessKeyLastUsedRequest,
  GetAccessKeyLastUsedResponse,
  ListAccessKeysRequest,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from '../shapes.js';
import { AwsError } from '../../../aws/errors.js';

/** Authorized on the user (or, for root's own keys, on the root ARN). */
function onKeyOwner(deps: IamDeps, action: string) {
  return (input: { UserName?: string }, ctx: RequestContext) => {
    const name = targetUserName(ctx, input.UserName);
    return name === undefined
      ? [{ action, resources: [ctx.caller.arn] }]
      : onEntity(deps, ctx, action, 'user', name);
  };
}

/** The key's owner as stored: the user's case-preserved name, or null for root. */
async function ownerName(
  deps: IamDeps,
  ctx: RequestContext,
  userName: string | undefined,
): Promise<string | null> {
  const name = targetUserName(ctx, userName);
  if (name === undefined) return null;
  return (await requireUser(deps.store.read, ctx.caller.accountId, name)).name;
}

export const createAccessKey = (deps: IamDeps) =>
  operation<CreateAccessKeyRequest, CreateAccessKeyResponse>({
    action: 'iam:CreateAccessKey',
    access: onKeyOwner(deps, 'iam:CreateAccessKey'),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const owner = await ownerName(deps, ctx, input.UserName);
      const id = accessKeyId('AKIA', account);
      const secret = secretAccessKey();
      await deps.store.transaction(async (tx) => {
        if ((await tx.accessKeys.listFor(account, owner)).length >= deps.quotas.AccessKeysPerUser) {
          throw IamErrors.quota('AccessKeysPerUser', deps.quotas.AccessKeysPerUser);
        }
        await tx.accessKeys.insert({
          access_key_id: id,
          account_id: account,
          user_name: owner,
          secret_sealed: deps.secrets.seal(secret, id),
          status: 'Active',
          created_at: ctx.now,
          last_used_at: null,
          last_used_service: null,
          last_used_region: null,
        });
      });
      deps.changed({ accessKeyId: id });
      return {
        AccessKey: {
          ...(owner !== null ? { UserName: owner } : {}),
          AccessKeyId: id,
          Status: 'Active',
          SecretAccessKey: secret,
          CreateDate: new Date(ctx.now),
        } as CreateAccessKeyResponse['AccessKey'],
      };
    },
  });

export const listAccessKeys = (deps: IamDeps) =>
  operation<ListAccessKeysRequest, ListAccessKeysResponse>({
    action: 'iam:ListAccessKeys',
    access: onKeyOwner(deps, 'iam:ListAccessKeys'),
    handler: async (input, ctx) => {
      const owner = await ownerName(deps, ctx, input.UserName);
      const rows = await deps.store.read.accessKeys.listFor(ctx.caller.accountId, owner);
      const keys = rows.map((k) => ({
        ...(owner !== null ? { UserName: owner } : {}),
        AccessKeyId: k.access_key_id,
        Status: k.status as 'Active',
        CreateDate: new Date(k.created_at),
      }));
      const p = pageInMemory(keys, input.Marker, input.MaxItems);
      return {
        AccessKeyMetadata: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });

/** The key, which must belong to the named user (or to root when no user is named). */
async function ownedKey(deps: IamDeps, ctx: RequestContext, id: string, userName: string | undefined) {
  const owner = await ownerName(deps, ctx, userName);
  const row = await deps.store.read.accessKeys.get(id);
  if (!row || row.account_id !== ctx.caller.accountId || row.user_name !== owner)
    throw IamErrors.noSuchAccessKey(id);
  return row;
}

export const updateAccessKey = (deps: IamDeps) =>
  operation<UpdateAccessKeyRequest, void>({
    action: 'iam:UpdateAccessKey',
    access: onKeyOwner(deps, 'iam:UpdateAccessKey'),
    handler: async (input, ctx) => {
      await ownedKey(deps, ctx, input.AccessKeyId, input.UserName);
      await deps.store.transaction((tx) => tx.accessKeys.setStatus(input.AccessKeyId, input.Status));
      deps.changed({ accessKeyId: input.AccessKeyId });
    },
  });

export const deleteAccessKey = (deps: IamDeps) =>
  operation<DeleteAccessKeyRequest, void>({
    action: 'iam:DeleteAccessKey',
    access: onKeyOwner(deps, 'iam:DeleteAccessKey'),
    handler: async (input, ctx) => {
      await ownedKey(deps, ctx, input.AccessKeyId, input.UserName);
      await deps.store.transaction((tx) => tx.accessKeys.delete(input.AccessKeyId));
      deps.changed({ accessKeyId: input.AccessKeyId });
    },
  });

export const getAccessKeyLastUsed = (deps: IamDeps) =>
  operation<GetAccessKeyLastUsedRequest, GetAccessKeyLastUsedResponse>({
    action: 'iam:GetAccessKeyLastUsed',
    access: async (input, ctx) => {
      const row = await deps.store.read.accessKeys.get(input.AccessKeyId);
      if (!row || row.account_id !== ctx.caller.accountId) {
        // AWS answers an unknown key id with AccessDenied, without the colon after "perform" (reference §3.9).
        throw new AwsError(
          'AccessDenied',
          `User: ${ctx.caller.arn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${input.AccessKeyId}`,
          403,
        );
      }
      const resource =
        row.user_name === null
          ? ctx.caller.arn
          : ((await deps.store.read.users.get(row.account_id, row.user_name))?.arn ?? ctx.caller.arn);
      return [{ action: 'iam:GetAccessKeyLastUsed', resources: [resource] }];
    },
    handler: async (input) => {
      const row = (await deps.store.read.accessKeys.get(input.AccessKeyId))!;
      return {
        ...(row.user_name !== null ? { UserName: row.user_name } : {}),
        AccessKeyLastUsed:
          row.last_used_at === null
            ? { ServiceName: 'N/A', Region: 'N/A' }
            : {
                LastUsedDate: new Date(row.last_used_at),
                ServiceName: row.last_used_service ?? 'N/A',
                Region: row.last_used_region ?? 'N/A',
              },
      } as GetAccessKeyLastUsedResponse;
    },
  });
