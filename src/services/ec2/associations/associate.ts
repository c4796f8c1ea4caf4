// ec2:AssociateIamInstanceProfile (reference imds-ec2.md §C.3, §C.4, §F.8): the instance must be
// running or stopped (IncorrectInstanceState), must have no active association (IncorrectState — the
// database refuses a second one even when two requests race), and the profile must exist
// (InvalidParameterValue). iam:PassRole is checked on the profile's role with the instance as
// iam:AssociatedResourceArn. Answered `associating`; DescribeIamInstanceProfileAssociations then shows
// `associated`, and the instance's metadata serves the role at once.
import type { AssociationRow } from '../../../store/repos/ec2/index.js';
import { UniqueViolation } from '../../../store/errors.js';
import { operation, type AccessRequest } from '../../service.js';
import { instanceArn, instanceContext, ownInstances, passRole } from '../access.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { newAssociationId } from '../ids.js';
import { requireInstances } from '../instances/describe-instances.js';
import { renderAssociation } from '../render.js';
import type { AssociateIamInstanceProfileRequest, AssociateIamInstanceProfileResult } from '../shapes.js';
import { checkSpecification, findProfile, requireProfile } from './profiles.js';

export const associateIamInstanceProfile = (deps: Ec2Deps) =>
  operation<AssociateIamInstanceProfileRequest, AssociateIamInstanceProfileResult>({
    action: 'ec2:AssociateIamInstanceProfile',
    access: async (input, ctx) => {
      checkSpecification(input.IamInstanceProfile);
      const arn = instanceArn(ctx.region, ctx.caller.accountId, input.InstanceId);
      const row = (await ownInstances(deps, ctx, [input.InstanceId])).get(input.InstanceId);
      const found = await findProfile(deps.store.read, ctx.caller.accountId, input.IamInstanceProfile);
      const requests: AccessRequest[] = [
        {
          action: 'ec2:AssociateIamInstanceProfile',
          resources: [arn],
          context: {
            ...(row ? instanceContext(row) : {}),
            ...(found ? { 'ec2:NewInstanceProfile': found.profile.arn } : {}),
          },
        },
      ];
      if (found?.role) requests.push(passRole(found.role.arn, arn));
      return requests;
    },
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const [instance] = await requireInstances(deps, account, ctx.region, ctx.now, [input.InstanceId]);
      const { profile } = await requireProfile(deps.store.read, account, input.IamInstanceProfile);
      if (instance!.state !== 'running' && instance!.state !== 'stopped')
        throw Ec2Errors.notRunningOrStopped(instance!.instance_id);
      const row: AssociationRow = {
        association_id: newAssociationId(),
        account_id: account,
        instance_id: instance!.instance_id,
        profile_arn: profile.arn,
        profile_id: profile.profile_id,
        state: 'associated',
        active: 1,
        associated_at: ctx.now,
        ended_at: null,
      };
      try {
        await deps.store.transaction(async (tx) => {
          // Read under lock: the state may have changed since (a concurrent stop or terminate).
          const current = await tx.ec2Instances.getForUpdate(instance!.instance_id);
          if (!current || (current.state !== 'running' && current.state !== 'stopped'))
            throw Ec2Errors.notRunningOrStopped(instance!.instance_id);
          if (await tx.ec2Associations.activeFor(instance!.instance_id))
            throw Ec2Errors.existingAssociation(instance!.instance_id);
          await tx.ec2Associations.insert(row);
        });
      } catch (e) {
        if (e instanceof UniqueViolation) throw Ec2Errors.existingAssociation(instance!.instance_id);
        throw e;
      }
      deps.events.changed({ kind: 'association', instanceIds: [instance!.instance_id] });
      return { IamInstanceProfileAssociation: renderAssociation(row, 'associating') };
    },
  });
