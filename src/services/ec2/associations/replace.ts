// ec2:ReplaceIamInstanceProfileAssociation and ec2:DisassociateIamInstanceProfile (reference
// imds-ec2.md §C.3, §C.4, §F.7). Replace works only on a running instance and only on the active
// association (IncorrectState "…is not the active association" otherwise); it retires the old id and
// answers a new one, `associating`. Ending the old association and inserting the new one happen in one
// transaction, and ending is conditional, so of two concurrent replaces one wins and the other is
// IncorrectState: an instance never has two active associations. Disassociate (running or stopped)
// answers `disassociating` and the association leaves Describe; it needs no iam:PassRole (§F.12).
// Credentials already handed out stay valid until they expire (§A.5).
import type { AssociationRow } from '../../../store/repos/ec2/index.js';
import { UniqueViolation } from '../../../store/errors.js';
import { operation, type AccessRequest, type RequestContext } from '../../service.js';
import { ec2Arn, instanceArn, instanceContext, ownInstances, passRole } from '../access.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { ASSOCIATION_ID, newAssociationId } from '../ids.js';
import { renderAssociation } from '../render.js';
import type {
  DisassociateIamInstanceProfileRequest,
  DisassociateIamInstanceProfileResult,
  ReplaceIamInstanceProfileAssociationRequest,
  ReplaceIamInstanceProfileAssociationResult,
} from '../shapes.js';
import { checkSpecification, findProfile, requireProfile } from './profiles.js';

/** The caller's association, or undefined (another account's is as good as none). */
async function ownAssociation(
  deps: Ec2Deps,
  ctx: RequestContext,
  id: string,
): Promise<AssociationRow | undefined> {
  if (!ASSOCIATION_ID.test(id)) return undefined;
  const a = await deps.store.read.ec2Associations.get(id);
  return a && a.account_id === ctx.caller.accountId ? a : undefined;
}

async function requireAssociation(deps: Ec2Deps, ctx: RequestContext, id: string): Promise<AssociationRow> {
  if (!ASSOCIATION_ID.test(id)) throw Ec2Errors.associationMalformed();
  const a = await ownAssociation(deps, ctx, id);
  if (!a) throw Ec2Errors.associationNotFound(id);
  return a;
}

/** The action on the association's instance (instance/* while the association is unknown). */
async function onAssociation(
  deps: Ec2Deps,
  ctx: RequestContext,
  action: string,
  id: string,
): Promise<{ request: AccessRequest; instance: string }> {
  const a = await ownAssociation(deps, ctx, id);
  const instance = a
    ? instanceArn(ctx.region, ctx.caller.accountId, a.instance_id)
    : ec2Arn(ctx.region, ctx.caller.accountId, 'instance/*');
  const row = a ? (await ownInstances(deps, ctx, [a.instance_id])).get(a.instance_id) : undefined;
  return { request: { action, resources: [instance], context: row ? instanceContext(row) : {} }, instance };
}

export const replaceIamInstanceProfileAssociation = (deps: Ec2Deps) =>
  operation<ReplaceIamInstanceProfileAssociationRequest, ReplaceIamInstanceProfileAssociationResult>({
    action: 'ec2:ReplaceIamInstanceProfileAssociation',
    access: async (input, ctx) => {
      checkSpecification(input.IamInstanceProfile);
      const { request, instance } = await onAssociation(
        deps,
        ctx,
        'ec2:ReplaceIamInstanceProfileAssociation',
        input.AssociationId,
      );
      const found = await findProfile(deps.store.read, ctx.caller.accountId, input.IamInstanceProfile);
      const requests: AccessRequest[] = [
        {
          ...request,
          context: { ...request.context, ...(found ? { 'ec2:NewInstanceProfile': found.profile.arn } : {}) },
        },
      ];
      if (found?.role) requests.push(passRole(found.role.arn, instance));
      return requests;
    },
    handler: async (input, ctx) => {
      const old = await requireAssociation(deps, ctx, input.AssociationId);
      const { profile } = await requireProfile(
        deps.store.read,
        ctx.caller.accountId,
        input.IamInstanceProfile,
      );
      const row: AssociationRow = {
        association_id: newAssociationId(),
        account_id: old.account_id,
        instance_id: old.instance_id,
        profile_arn: profile.arn,
        profile_id: profile.profile_id,
        state: 'associated',
        active: 1,
        associated_at: ctx.now,
        ended_at: null,
      };
      try {
        await deps.store.transaction(async (tx) => {
          const instance = await tx.ec2Instances.getForUpdate(old.instance_id);
          if (!instance || instance.state !== 'running')
            throw Ec2Errors.notActiveAssociation(old.association_id);
          if (!(await tx.ec2Associations.end(old.association_id, ctx.now)))
            throw Ec2Errors.notActiveAssociation(old.association_id);
          await tx.ec2Associations.insert(row);
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw Ec2Errors.notActiveAssociation(old.association_id);
        throw e;
      }
      deps.events.changed({ kind: 'association', instanceIds: [old.instance_id] });
      return { IamInstanceProfileAssociation: renderAssociation(row, 'associating') };
    },
  });

export const disassociateIamInstanceProfile = (deps: Ec2Deps) =>
  operation<DisassociateIamInstanceProfileRequest, DisassociateIamInstanceProfileResult>({
    action: 'ec2:DisassociateIamInstanceProfile',
    access: async (input, ctx) => [
      (await onAssociation(deps, ctx, 'ec2:DisassociateIamInstanceProfile', input.AssociationId)).request,
    ],
    handler: async (input, ctx) => {
      const a = await requireAssociation(deps, ctx, input.AssociationId);
      if (a.active !== 1) throw Ec2Errors.associationNotFound(a.association_id);
      const ended = await deps.store.transaction((tx) => tx.ec2Associations.end(a.association_id, ctx.now));
      if (!ended) throw Ec2Errors.associationNotFound(a.association_id);
      deps.events.changed({ kind: 'association', instanceIds: [a.instance_id] });
      return { IamInstanceProfileAssociation: renderAssociation(a, 'disassociating') };
    },
  });
