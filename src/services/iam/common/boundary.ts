// Permissions boundaries (reference iam-sts-policy.md §3.6): the ARN must name a managed policy
// (customer or AWS) that exists; anything else is InvalidInput, a missing policy NoSuchEntity.
import type { IamDeps } from '../deps.js';
import { isAwsManagedArn } from './catalogue.js';
import { parseIamArn } from './arns.js';
import { IamErrors } from './errors.js';
import { findManagedPolicy } from './lookups.js';

export async function checkBoundaryArn(deps: IamDeps, accountId: string, arn: string): Promise<void> {
  const parsed = parseIamArn(arn);
  if (!isAwsManagedArn(arn) && (!parsed || parsed.type !== 'policy')) throw IamErrors.invalidArn(arn);
  if (!(await findManagedPolicy(deps.store.read, deps.catalogue, accountId, arn)))
    throw IamErrors.scopeArnMissing(arn);
}
