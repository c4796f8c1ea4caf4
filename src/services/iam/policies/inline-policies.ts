// Put/Get/List/Delete{Role,User,Group}Policy: inline policies (reference iam-sts-policy.md §3.3,
// §3.11). The aggregate size of an owner's inline policies, whitespace not counted, is capped per
// owner type (role 10,240, user 2,048, group 5,120).
import { INLINE_POLICY_LIMITS, policySize, QUOTA_MSG } from '../../../policy/index.js';
import { operation, type AnyOperation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { checkPolicy } from '../common/documents.js';
import { IamErrors, limitExceeded } from '../common/errors.js';
import type { OwnerSpec } from '../common/owners.js';
import { pageInMemory } from '../common/pagination.js';
import type { IamDeps } from '../deps.js';

type Named = Record<string, string> & { PolicyName: string };

export function inlinePolicyOperations(deps: IamDeps, o: OwnerSpec): Record<string, AnyOperation> {
  const ownerOf = (input: Record<string, unknown>) => input[o.field] as string;
  const put = operation<Named & { PolicyDocument: string }, void>({
    action: `iam:Put${o.title}Policy`,
    access: (input, ctx) => onEntity(deps, ctx, `iam:Put${o.title}Policy`, o.kind, ownerOf(input)),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      checkPolicy(input.PolicyDocument, 'identity');
      await deps.store.transaction(async (tx) => {
        const owner = await o.require(tx, account, ownerOf(input));
        const key = { accountId: account, kind: o.kind, name: owner.name };
        const others = (await tx.inlinePolicies.list(key)).filter((p) => p.policy_name !== input.PolicyName);
        const total = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
        const limit = INLINE_POLICY_LIMITS[o.kind];
        if (total > limit) throw limitExceeded(QUOTA_MSG.inlinePolicySize(limit, o.kind, owner.name));
        await tx.inlinePolicies.put(key, input.PolicyName, input.PolicyDocument, ctx.now);
      });
      deps.changed();
    },
  });

  const get = operation<Named, Record<string, string>>({
    action: `iam:Get${o.title}Policy`,
    access: (input, ctx) => onEntity(deps, ctx, `iam:Get${o.title}Policy`, o.kind, ownerOf(input)),
    handler: async (input, ctx) => {
      const owner = await o.require(deps.store.read, ctx.caller.accountId, ownerOf(input));
      const row = await deps.store.read.inlinePolicies.get(
        { accountId: ctx.caller.accountId, kind: o.kind, name: owner.name },
        input.PolicyName,
      );
      if (!row) throw IamErrors.noSuchInlinePolicy(o.kind, input.PolicyName);
      return { [o.field]: owner.name, PolicyName: row.policy_name, PolicyDocument: row.document };
    },
  });

  const list = operation<
    Record<string, string> & { Marker?: string; MaxItems?: number },
    { PolicyNames: string[]; IsTruncated: boolean; Marker?: string }
  >({
    action: `iam:List${o.title}Policies`,
    access: (input, ctx) => onEntity(deps, ctx, `iam:List${o.title}Policies`, o.kind, ownerOf(input)),
    handler: async (input, ctx) => {
      const owner = await o.require(deps.store.read, ctx.caller.accountId, ownerOf(input));
      const rows = await deps.store.read.inlinePolicies.list({
        accountId: ctx.caller.accountId,
        kind: o.kind,
        name: owner.name,
      });
      const p = pageInMemory(
        rows.map((r) => r.policy_name),
        input.Marker,
        input.MaxItems,
      );
      return {
        PolicyNames: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });

  const del = operation<Named, void>({
    action: `iam:Delete${o.title}Policy`,
    access: (input, ctx) => onEntity(deps, ctx, `iam:Delete${o.title}Policy`, o.kind, ownerOf(input)),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        const owner = await o.require(tx, ctx.caller.accountId, ownerOf(input));
        const gone = await tx.inlinePolicies.delete(
          { accountId: ctx.caller.accountId, kind: o.kind, name: owner.name },
          input.PolicyName,
        );
        if (!gone) throw IamErrors.noSuchInlinePolicy(o.kind, input.PolicyName);
      });
      deps.changed();
    },
  });

  return {
    [`Put${o.title}Policy`]: put as AnyOperation,
    [`Get${o.title}Policy`]: get as AnyOperation,
    [`List${o.title}Policies`]: list as AnyOperation,
    [`Delete${o.title}Policy`]: del as AnyOperation,
  };
}
