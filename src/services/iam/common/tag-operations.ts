// Tag/Untag/List…Tags for roles, users, instance profiles (by name) and customer managed policies (by
// ARN), written once (reference iam-sts-policy.md §3.1, §3.7): role and user keys are case-insensitive,
// the others exact; untagging an absent key is no error; at most 50 tags.
import type { Store } from '../../../store/store.js';
import { operation, type AnyOperation, type RequestContext } from '../../service.js';
import type { IamDeps } from '../deps.js';
import type { Tag } from '../shapes.js';
import { onEntity } from './access.js';
import { IamErrors } from './errors.js';
import { pageInMemory } from './pagination.js';
import { mergeTags, parseTags, removeTags, requestTagContext, tagKeysContext } from './tags.js';

interface Tagged {
  readonly title: 'Role' | 'User' | 'InstanceProfile' | 'Policy';
  /** The request member that names the entity. */
  readonly field: 'RoleName' | 'UserName' | 'InstanceProfileName' | 'PolicyArn';
  readonly caseInsensitive: boolean;
  access(
    deps: IamDeps,
    ctx: RequestContext,
    action: string,
    id: string,
    context: Record<string, string | string[]>,
  ): ReturnType<typeof onEntity>;
  read(store: Store['read'], accountId: string, id: string): Promise<string>;
  write(
    tx: Parameters<Parameters<Store['transaction']>[0]>[0],
    accountId: string,
    id: string,
    tags: Tag[],
  ): Promise<void>;
}

const byName = (
  title: 'Role' | 'User' | 'InstanceProfile',
  field: 'RoleName' | 'UserName' | 'InstanceProfileName',
  kind: 'role' | 'user' | 'instance-profile',
  repo: 'roles' | 'users' | 'instanceProfiles',
  notFound: (name: string) => Error,
): Tagged => ({
  title,
  field,
  caseInsensitive: kind !== 'instance-profile',
  access: (deps, ctx, action, id, context) => onEntity(deps, ctx, action, kind, id, context),
  read: async (r, accountId, id) => {
    const row = await r[repo].get(accountId, id);
    if (!row) throw notFound(id);
    return row.tags;
  },
  write: async (tx, accountId, id, tags) => {
    await tx[repo].update(accountId, id, { tags: JSON.stringify(tags) });
  },
});

const TAGGED: readonly Tagged[] = [
  byName('Role', 'RoleName', 'role', 'roles', IamErrors.noSuchRole),
  byName('User', 'UserName', 'user', 'users', IamErrors.noSuchUser),
  byName(
    'InstanceProfile',
    'InstanceProfileName',
    'instance-profile',
    'instanceProfiles',
    IamErrors.noSuchInstanceProfile,
  ),
  {
    title: 'Policy',
    field: 'PolicyArn',
    caseInsensitive: false,
    access: (_deps, _ctx, action, id, context) => Promise.resolve([{ action, resources: [id], context }]),
    read: async (r, accountId, arn) => {
      const row = await r.policies.getByArn(arn);
      if (!row || row.account_id !== accountId) throw IamErrors.noSuchPolicy(arn);
      return row.tags;
    },
    write: async (tx, accountId, arn, tags) => {
      const row = await tx.policies.getByArn(arn);
      if (row) await tx.policies.update(accountId, row.name, { tags: JSON.stringify(tags) });
    },
  },
];

export function tagOperations(deps: IamDeps): Record<string, AnyOperation> {
  const ops: Record<string, AnyOperation> = {};
  for (const t of TAGGED) {
    const idOf = (input: Record<string, unknown>) => input[t.field] as string;
    // Reads the entity's tags, applies `change` and writes them back in one transaction.
    const rewrite = async (accountId: string, id: string, change: (current: Tag[]) => Tag[]) => {
      await deps.store.transaction(async (tx) => {
        await t.write(tx, accountId, id, change(parseTags(await t.read(tx, accountId, id))));
      });
      deps.changed();
    };
    ops[`Tag${t.title}`] = operation<Record<string, unknown> & { Tags: Tag[] }, void>({
      action: `iam:Tag${t.title}`,
      access: (input, ctx) =>
        t.access(deps, ctx, `iam:Tag${t.title}`, idOf(input), requestTagContext(input.Tags)),
      handler: (input, ctx) =>
        rewrite(ctx.caller.accountId, idOf(input), (current) =>
          mergeTags(current, input.Tags, t.caseInsensitive),
        ),
    }) as AnyOperation;
    ops[`Untag${t.title}`] = operation<Record<string, unknown> & { TagKeys: string[] }, void>({
      action: `iam:Untag${t.title}`,
      access: (input, ctx) =>
        t.access(deps, ctx, `iam:Untag${t.title}`, idOf(input), tagKeysContext(input.TagKeys)),
      handler: (input, ctx) =>
        rewrite(ctx.caller.accountId, idOf(input), (current) =>
          removeTags(current, input.TagKeys, t.caseInsensitive),
        ),
    }) as AnyOperation;
    ops[`List${t.title}Tags`] = operation<
      Record<string, unknown> & { Marker?: string; MaxItems?: number },
      { Tags: Tag[]; IsTruncated: boolean; Marker?: string }
    >({
      action: `iam:List${t.title}Tags`,
      access: (input, ctx) => t.access(deps, ctx, `iam:List${t.title}Tags`, idOf(input), {}),
      handler: async (input, ctx) => {
        const tags = parseTags(await t.read(deps.store.read, ctx.caller.accountId, idOf(input)));
        const p = pageInMemory(tags, input.Marker, input.MaxItems);
        return {
          Tags: p.items,
          IsTruncated: p.IsTruncated,
          ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
        };
      },
    }) as AnyOperation;
  }
  return ops;
}
