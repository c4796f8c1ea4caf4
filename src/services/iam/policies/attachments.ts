// Attach/Detach/ListAttached{Role,User,Group}Policies (reference iam-sts-policy.md §3.5): the policy
// must be an existing managed policy of the account or of AWS; re-attaching is a no-op; at most 10
// per owner by default; detaching what is not attached is NoSuchEntity.
import { operation, type AnyOperation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { parseIamArn } from '../common/arns.js';
import { isAwsManagedArn } from '../common/catalogue.js';
import { IamErrors, validationError } from '../common/errors.js';
import { findManagedPolicy } from '../common/lookups.js';
import type { OwnerSpec } from '../common/owners.js';
import { pageInMemory } from '../common/pagination.js';
import type { IamDeps } from '../deps.js';
import type { AttachedPolicy } from '../shapes.js';

type WithArn = Record<string, string> & { PolicyArn: string };

function checkArnSyntax(o: OwnerSpec, arn: string): void {
  if (isAwsManagedArn(arn) || parseIamArn(arn)) return;
  // Recorded from AWS: AttachRolePolicy says "ARN x is not valid."; AttachUserPolicy (and, by
  // symmetry, AttachGroupPolicy) "Invalid ARN:  Could not be parsed!" (two spaces) — reference §3.5.
  throw validationError(
    o.kind === 'role' ? `ARN ${arn} is not valid.` : 'Invalid ARN:  Could not be parsed!',
  );
}

export function attachmentOperations(deps: IamDeps, o: OwnerSpec): Record<string, AnyOperation> {
  const ownerOf = (input: Record<string, unknown>) => input[o.field] as string;

  const attach = operation<WithArn, void>({
    action: `iam:Attach${o.title}Policy`,
    access: (input, ctx) =>
      onEntity(deps, ctx, `iam:Attach${o.title}Policy`, o.kind, ownerOf(input), {
        'iam:PolicyARN': input.PolicyArn,
      }),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      checkArnSyntax(o, input.PolicyArn);
      await deps.store.transaction(async (tx) => {
        const owner = await o.require(tx, account, ownerOf(input));
        if (!(await findManagedPolicy(tx, deps.catalogue, account, input.PolicyArn))) {
          throw IamErrors.policyNotAttachableOrMissing(input.PolicyArn);
        }
        const key = { accountId: account, kind: o.kind, name: owner.name };
        const attached = await tx.attachments.list(key);
        if (attached.some((a) => a.policy_arn === input.PolicyArn)) return;
        const max = deps.quotas[o.quota];
        if (attached.length >= max) throw IamErrors.quota(o.quota, max);
        await tx.attachments.attach(key, input.PolicyArn, ctx.now);
      });
      deps.changed();
    },
  });

  const detach = operation<WithArn, void>({
    action: `iam:Detach${o.title}Policy`,
    access: (input, ctx) =>
      onEntity(deps, ctx, `iam:Detach${o.title}Policy`, o.kind, ownerOf(input), {
        'iam:PolicyARN': input.PolicyArn,
      }),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        const owner = await o.require(tx, ctx.caller.accountId, ownerOf(input));
        const gone = await tx.attachments.detach(
          { accountId: ctx.caller.accountId, kind: o.kind, name: owner.name },
          input.PolicyArn,
        );
        if (!gone) throw IamErrors.noSuchPolicy(input.PolicyArn);
      });
      deps.changed();
    },
  });

  const list = operation<
    Record<string, string> & { PathPrefix?: string; Marker?: string; MaxItems?: number },
    { AttachedPolicies: AttachedPolicy[]; IsTruncated: boolean; Marker?: string }
  >({
    action: `iam:ListAttached${o.title}Policies`,
    access: (input, ctx) => onEntity(deps, ctx, `iam:ListAttached${o.title}Policies`, o.kind, ownerOf(input)),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const owner = await o.require(deps.store.read, account, ownerOf(input));
      const rows = await deps.store.read.attachments.list({
        accountId: account,
        kind: o.kind,
        name: owner.name,
      });
      const all: AttachedPolicy[] = [];
      for (const row of rows) {
        const ref = await findManagedPolicy(deps.store.read, deps.catalogue, account, row.policy_arn);
        const path = ref?.kind === 'aws' ? ref.policy.path : ref?.kind === 'customer' ? ref.row.path : '/';
        if (input.PathPrefix !== undefined && !path.startsWith(input.PathPrefix)) continue;
        all.push({
          PolicyName: row.policy_arn.slice(row.policy_arn.lastIndexOf('/') + 1),
          PolicyArn: row.policy_arn,
        });
      }
      const p = pageInMemory(all, input.Marker, input.MaxItems);
      return {
        AttachedPolicies: p.items,
        IsTruncated: p.IsTruncated,
        ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
      };
    },
  });

  return {
    [`Attach${o.title}Policy`]: attach as AnyOperation,
    [`Detach${o.title}Policy`]: detach as AnyOperation,
    [`ListAttached${o.title}Policies`]: list as AnyOperation,
  };
}
