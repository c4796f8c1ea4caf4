// The STS service: awsQuery, namespace https://sts.amazonaws.com/doc/2011-06-15/ (reference
// iam-sts-policy.md §1, §4). Temporary credentials are limited in what they may call in STS: a
// GetFederationToken session only GetCallerIdentity; a GetSessionToken session only AssumeRole and
// GetCallerIdentity (reference §4.3, §4.4).
import { AwsError } from '../../aws/errors.js';
import { loadModel } from '../../aws/model/load.js';
import { AwsQueryProtocol } from '../../aws/protocols/query.js';
import { queryAuthErrors } from '../../aws/sigv4/auth-errors.js';
import { queryAccessDenied } from '../access-denied.js';
import type { AnyOperation, RequestContext, ServiceDefinition } from '../service.js';
import { assumeRole } from './assume-role.js';
import type { SealedAuthorizationMessages } from './authorization-messages.js';
import type { StsDeps } from './deps.js';
import { getCallerIdentity } from './get-caller-identity.js';
import {
  decodeAuthorizationMessage,
  getAccessKeyInfo,
  getFederationToken,
  getSessionToken,
} from './session-operations.js';

function admit(operation: string, ctx: RequestContext): AwsError | undefined {
  const kind = ctx.caller.session?.kind;
  if (kind === 'federation' && operation !== 'GetCallerIdentity') {
    return new AwsError('AccessDenied', `Cannot call ${operation} with federated session credentials`, 403);
  }
  if (kind === 'session-token' && operation !== 'GetCallerIdentity' && operation !== 'AssumeRole') {
    return new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`, 403);
  }
  return undefined;
}

export function createStsService(deps: StsDeps, messages: SealedAuthorizationMessages): ServiceDefinition {
  const model = loadModel('sts');
  const ops: Record<string, AnyOperation> = {
    GetCallerIdentity: getCallerIdentity as AnyOperation,
    AssumeRole: assumeRole(deps) as AnyOperation,
    GetSessionToken: getSessionToken(deps) as AnyOperation,
    GetFederationToken: getFederationToken(deps) as AnyOperation,
    DecodeAuthorizationMessage: decodeAuthorizationMessage(messages) as AnyOperation,
    GetAccessKeyInfo: getAccessKeyInfo() as AnyOperation,
  };
  return {
    name: 'sts',
    model,
    protocol: new AwsQueryProtocol({
      xmlNamespace: model.metadata.xmlNamespace!,
      apiVersion: model.metadata.apiVersion,
    }),
    authErrors: queryAuthErrors,
    accessDenied: queryAccessDenied,
    operations: new Map(Object.entries(ops)),
    admit,
  };
}
