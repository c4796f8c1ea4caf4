// The resources IAM operations are authorized on (reference iam-sts-policy.md §7.7): the entity's ARN
// with its path when it exists (AWS evaluates policies against the real ARN), the path-less ARN when it
// does not yet (creation, or a name that answers NoSuchEntity only to callers allowed to ask).
import type { AccessRequest, ContextValue, RequestContext } from '../../service.js';
import type { IamDeps } from '../deps.js';
import { iamArn } from './arns.js';
import { parseTags, tagRecord } from './tags.js';

type Kind = 'role' | 'user' | 'group' | 'instance-profile';

async function load(
  deps: IamDeps,
  ctx: RequestContext,
  kind: Kind,
  name: string,
): Promise<{ arn: string; tags?: string } | undefined> {
  const r = deps.store.read;
  const account = ctx.caller.accountId;
  return kind === 'role'
    ? r.roles.get(account, name)
    : kind === 'user'
      ? r.users.get(account, name)
      : kind === 'group'
        ? r.groups.get(account, name)
        : r.instanceProfiles.get(account, name);
}

export async function entityArn(
  deps: IamDeps,
  ctx: RequestContext,
  kind: Kind,
  name: string,
  path = '/',
): Promise<string> {
  return (await load(deps, ctx, kind, name))?.arn ?? iamArn(ctx.caller.accountId, kind, path, name);
}

/** The `aws:ResourceTag/…` and `iam:ResourceTag/…` keys of a tagged entity. */
function resourceTagContext(tags: string | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (tags === undefined) return out;
  for (const [k, v] of Object.entries(tagRecord(parseTags(tags)))) {
    out[`aws:ResourceTag/${k}`] = v;
    out[`iam:ResourceTag/${k}`] = v;
  }
  return out;
}

/** One access request on one entity, with its resource tags. */
export async function onEntity(
  deps: IamDeps,
  ctx: RequestContext,
  action: string,
  kind: Kind,
  name: string,
  context: Record<string, ContextValue> = {},
): Promise<AccessRequest[]> {
  const row = await load(deps, ctx, kind, name);
  const resource = row?.arn ?? iamArn(ctx.caller.accountId, kind, '/', name);
  const tags = kind === 'role' || kind === 'user' ? resourceTagContext(row?.tags) : {};
  return [{ action, resources: [resource], context: { ...tags, ...context } }];
}

/** Actions that take no resource (ListRoles, ListPolicies, …) are authorized on `*`. */
export const onAccount = (action: string): AccessRequest[] => [{ action, resources: ['*'] }];
