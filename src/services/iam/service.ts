// The IAM service: awsQuery, namespace https://iam.amazonaws.com/doc/2010-05-08/, policy documents
// URL-encoded in responses (reference iam-sts-policy.md §1, §3). Temporary credentials from
// GetFederationToken, and from GetSessionToken without MFA, cannot call IAM at all (reference §4.3,
// §4.4): AWS answers InvalidClientTokenId.
import { AwsError } from '../../aws/errors.js';
import { loadModel } from '../../aws/model/load.js';
import { AwsQueryProtocol } from '../../aws/protocols/query.js';
import { queryAuthErrors } from '../../aws/sigv4/auth-errors.js';
import { queryAccessDenied } from '../access-denied.js';
import type { AnyOperation, RequestContext, ServiceDefinition } from '../service.js';
import { accessKeyOperations } from './access-keys/index.js';
import { IAM_STRING_ENCODERS } from './common/documents.js';
import { OWNERS } from './common/owners.js';
import { tagOperations } from './common/tag-operations.js';
import type { IamDeps } from './deps.js';
import { groupOperations } from './groups/index.js';
import { instanceProfileOperations } from './instance-profiles/index.js';
import { attachmentOperations } from './policies/attachments.js';
import { inlinePolicyOperations } from './policies/inline-policies.js';
import { managedPolicyOperations } from './policies/index.js';
import { roleOperations } from './roles/index.js';
import { simulationOperations } from './simulate/index.js';
import { userOperations } from './users/index.js';

function admit(_operation: string, ctx: RequestContext): AwsError | undefined {
  const s = ctx.caller.session;
  if (s && (s.kind === 'federation' || (s.kind === 'session-token' && !s.mfa))) {
    return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid', 403);
  }
  return undefined;
}

export function createIamService(deps: IamDeps): ServiceDefinition {
  const model = loadModel('iam');
  const factories: Record<string, (deps: IamDeps) => unknown> = {
    ...roleOperations,
    ...managedPolicyOperations,
    ...instanceProfileOperations,
    ...userOperations,
    ...groupOperations,
    ...accessKeyOperations,
    ...simulationOperations,
  };
  const ops: Record<string, AnyOperation> = { ...tagOperations(deps) };
  for (const [name, make] of Object.entries(factories)) ops[name] = make(deps) as AnyOperation;
  for (const owner of Object.values(OWNERS))
    Object.assign(ops, inlinePolicyOperations(deps, owner), attachmentOperations(deps, owner));
  return {
    name: 'iam',
    model,
    protocol: new AwsQueryProtocol({
      xmlNamespace: model.metadata.xmlNamespace!,
      apiVersion: model.metadata.apiVersion,
      stringEncoders: IAM_STRING_ENCODERS,
    }),
    authErrors: queryAuthErrors,
    accessDenied: queryAccessDenied,
    operations: new Map(Object.entries(ops)),
    admit,
  };
}
