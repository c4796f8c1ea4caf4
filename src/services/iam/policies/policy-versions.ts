// Managed policy versions (reference iam-sts-policy.md §3.4): at most 5; ids v1, v2, … never reused;
// the default version cannot be deleted; documents come back URL-encoded; AWS managed policies are
// read-only (their versions other than the default are not kept by latchkey).
import { operation } from '../../service.js';
import { checkManagedPolicy } from '../common/documents.js';
import { deleteConflict, IamErrors, limitExceeded } from '../common/errors.js';
import { findManagedPolicy } from '../common/lookups.js';
import type { IamDeps } from '../deps.js';
import type {
  CreatePolicyVersionRequest,
  CreatePolicyVersionResponse,
  DeletePolicyVersionRequest,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  ListPolicyVersionsRequest,
  ListPolicyVersionsResponse,
  SetDefaultPolicyVersionRequest,
} from '../shapes.js';

const MAX_VERSIONS = 5;
const on = (action: string) => (input: { PolicyArn: string }) => [{ action, resources: [input.PolicyArn] }];

export const createPolicyVersion = (deps: IamDeps) =>
  operation<CreatePolicyVersionRequest, CreatePolicyVersionResponse>({
    action: 'iam:CreatePolicyVersion',
    access: on('iam:CreatePolicyVersion'),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      checkManagedPolicy(input.PolicyDocument);
      const version = await deps.store.transaction(async (tx) => {
        const ref = await findManagedPolicy(tx, deps.catalogue, account, input.PolicyArn);
        if (!ref || ref.kind !== 'customer') throw IamErrors.noSuchPolicy(input.PolicyArn);
        if ((await tx.policyVersions.list(input.PolicyArn)).length >= MAX_VERSIONS) {
          throw limitExceeded(
            'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
          );
        }
        const id = `v${ref.row.next_version}`;
        await tx.policyVersions.insert({
          policy_arn: input.PolicyArn,
          version_id: id,
          document: input.PolicyDocument,
          created_at: ctx.now,
        });
        await tx.policies.update(account, ref.row.name, {
          next_version: ref.row.next_version + 1,
          updated_at: ctx.now,
          ...(input.SetAsDefault ? { default_version: id } : {}),
        });
        return id;
      });
      deps.changed();
      return {
        PolicyVersion: {
          VersionId: version,
          IsDefaultVersion: input.SetAsDefault === true,
          CreateDate: new Date(ctx.now),
        },
      };
    },
  });

export const getPolicyVersion = (deps: IamDeps) =>
  operation<GetPolicyVersionRequest, GetPolicyVersionResponse>({
    action: 'iam:GetPolicyVersion',
    access: on('iam:GetPolicyVersion'),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const ref = await findManagedPolicy(r, deps.catalogue, ctx.caller.accountId, input.PolicyArn);
      if (!ref) throw IamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
      if (ref.kind === 'aws') {
        if (input.VersionId !== ref.policy.defaultVersionId)
          throw IamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
        return {
          PolicyVersion: {
            Document: ref.policy.document,
            VersionId: input.VersionId,
            IsDefaultVersion: true,
            CreateDate: ref.policy.updateDate,
          },
        };
      }
      const v = await r.policyVersions.get(input.PolicyArn, input.VersionId);
      if (!v) throw IamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
      return {
        PolicyVersion: {
          Document: v.document,
          VersionId: v.version_id,
          IsDefaultVersion: v.version_id === ref.row.default_version,
          CreateDate: new Date(v.created_at),
        },
      };
    },
  });

export const listPolicyVersions = (deps: IamDeps) =>
  operation<ListPolicyVersionsRequest, ListPolicyVersionsResponse>({
    action: 'iam:ListPolicyVersions',
    access: on('iam:ListPolicyVersions'),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const ref = await findManagedPolicy(r, deps.catalogue, ctx.caller.accountId, input.PolicyArn);
      if (!ref) throw IamErrors.noSuchPolicy(input.PolicyArn);
      if (ref.kind === 'aws') {
        return {
          Versions: [
            {
              VersionId: ref.policy.defaultVersionId,
              IsDefaultVersion: true,
              CreateDate: ref.policy.updateDate,
            },
          ],
          IsTruncated: false,
        };
      }
      const versions = await r.policyVersions.list(input.PolicyArn);
      return {
        Versions: versions.map((v) => ({
          VersionId: v.version_id,
          IsDefaultVersion: v.version_id === ref.row.default_version,
          CreateDate: new Date(v.created_at),
        })),
        IsTruncated: false,
      };
    },
  });

export const setDefaultPolicyVersion = (deps: IamDeps) =>
  operation<SetDefaultPolicyVersionRequest, void>({
    action: 'iam:SetDefaultPolicyVersion',
    access: on('iam:SetDefaultPolicyVersion'),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        const ref = await findManagedPolicy(tx, deps.catalogue, ctx.caller.accountId, input.PolicyArn);
        if (!ref || ref.kind !== 'customer') throw IamErrors.noSuchPolicy(input.PolicyArn);
        if (!(await tx.policyVersions.get(input.PolicyArn, input.VersionId)))
          throw IamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
        await tx.policies.update(ctx.caller.accountId, ref.row.name, {
          default_version: input.VersionId,
          updated_at: ctx.now,
        });
      });
      deps.changed();
    },
  });

export const deletePolicyVersion = (deps: IamDeps) =>
  operation<DeletePolicyVersionRequest, void>({
    action: 'iam:DeletePolicyVersion',
    access: on('iam:DeletePolicyVersion'),
    handler: async (input, ctx) => {
      await deps.store.transaction(async (tx) => {
        const ref = await findManagedPolicy(tx, deps.catalogue, ctx.caller.accountId, input.PolicyArn);
        if (!ref || ref.kind !== 'customer') throw IamErrors.noSuchPolicy(input.PolicyArn);
        if (input.VersionId === ref.row.default_version)
          throw deleteConflict('Cannot delete the default version of a policy.');
        if (!(await tx.policyVersions.delete(input.PolicyArn, input.VersionId))) {
          throw IamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
        }
      });
      deps.changed();
    },
  });
