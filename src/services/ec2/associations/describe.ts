// ec2:DescribeIamInstanceProfileAssociations (reference imds-ec2.md §C.3, §F.11): the caller's active
// associations in the request's region, filtered by `instance-id` and `state` (values ORed, filters
// ANDed, case-sensitive), MaxResults 5–1000 (moto ignores it, §D), `nextToken` only when more remain.
// Ended associations leave the listing, as AWS's do once disassociated.
import { operation } from '../../service.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { ASSOCIATION_ID } from '../ids.js';
import { checkMaxResults, compileFilters, pageOf, type FilterField } from '../listing.js';
import { renderAssociation } from '../render.js';
import type {
  DescribeIamInstanceProfileAssociationsRequest,
  DescribeIamInstanceProfileAssociationsResult,
  IamInstanceProfileAssociation,
} from '../shapes.js';

const FILTERS: Readonly<Record<string, FilterField<IamInstanceProfileAssociation>>> = {
  'instance-id': (a) => a.InstanceId,
  state: (a) => a.State,
};

export const describeIamInstanceProfileAssociations = (deps: Ec2Deps) =>
  operation<DescribeIamInstanceProfileAssociationsRequest, DescribeIamInstanceProfileAssociationsResult>({
    action: 'ec2:DescribeIamInstanceProfileAssociations',
    access: () => [{ action: 'ec2:DescribeIamInstanceProfileAssociations', resources: ['*'] }],
    handler: async (input, ctx) => {
      checkMaxResults(input.MaxResults, 5, 1000);
      const match = compileFilters(input.Filters, FILTERS);
      const ids = input.AssociationIds ?? [];
      for (const id of ids) if (!ASSOCIATION_ID.test(id)) throw Ec2Errors.associationMalformed();
      const account = ctx.caller.accountId;
      const inRegion = new Set(
        (await deps.store.read.ec2Instances.list(account))
          .filter((r) => r.region === ctx.region)
          .map((r) => r.instance_id),
      );
      let active = (await deps.store.read.ec2Associations.listActive(account)).filter((a) =>
        inRegion.has(a.instance_id),
      );
      if (ids.length > 0) {
        const missing = ids.filter((id) => !active.some((a) => a.association_id === id));
        if (missing.length > 0) throw Ec2Errors.associationNotFound(missing[0]!);
        active = active.filter((a) => ids.includes(a.association_id));
      }
      const all = active.map((a) => renderAssociation(a, 'associated')).filter(match);
      const page = pageOf(all, input.NextToken, input.MaxResults, 1000);
      return {
        IamInstanceProfileAssociations: page.items,
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  });
